import type { HoursStrings } from './en.js';

const ko: HoursStrings = {
  closedUntil: (when: string) => `지금은 운영 시간이 아닙니다. 다시 여는 시간: ${when}`,
  closedNow: '지금은 상담 가능한 사람이 없습니다.',
  offlineIntro: '메시지를 남겨 주시면 이메일로 답변드리겠습니다.',
  offlineConsent: '이 메시지와 관련해 연락받는 것에 동의합니다.',
  offlineSend: '메시지 보내기',
  offlineWaiting: '메시지가 여기에 저장되었으며 연결되는 대로 전송됩니다.',
  offlineSent: '감사합니다! 메시지를 받았으며 이메일로 답변드리겠습니다.',
  fieldInvalid: '이 항목을 확인해 주세요.',
  department: '부서',
  chooseDepartment: '부서를 선택하세요',
  transcriptEmail: '대화 기록을 이메일로 보내기',
  transcriptSent: '대화 기록을 받은편지함으로 보내고 있습니다.',
  transcriptLimited: '요청이 너무 많습니다. 나중에 다시 시도해 주세요.',
  transcriptFailed: '대화 기록을 보내지 못했습니다. 다시 시도해 주세요.',
};

export default ko;
