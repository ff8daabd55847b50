import type { HoursStrings } from './en.js';

const vi: HoursStrings = {
  closedUntil: (when: string) => `Hiện chúng tôi đã đóng cửa. Mở lại vào ${when}.`,
  closedNow: 'Hiện không có ai trực.',
  offlineIntro: 'Hãy để lại lời nhắn, chúng tôi sẽ trả lời qua email.',
  offlineConsent: 'Tôi đồng ý được liên hệ về lời nhắn này.',
  offlineSend: 'Gửi lời nhắn',
  offlineWaiting:
    'Lời nhắn của bạn đã được lưu ở đây và sẽ được gửi ngay khi có thể kết nối với chúng tôi.',
  offlineSent: 'Cảm ơn bạn! Chúng tôi đã nhận được lời nhắn và sẽ trả lời qua email.',
  fieldInvalid: 'Vui lòng kiểm tra trường này.',
  department: 'Bộ phận',
  chooseDepartment: 'Chọn một bộ phận',
  transcriptEmail: 'Gửi bản ghi cuộc trò chuyện qua email',
  transcriptSent: 'Bản ghi đang được gửi đến hộp thư của bạn.',
  transcriptLimited: 'Quá nhiều yêu cầu. Vui lòng thử lại sau.',
  transcriptFailed: 'Không thể gửi bản ghi. Vui lòng thử lại.',
};

export default vi;
