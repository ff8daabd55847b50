import type { HoursStrings } from './en.js';

const zhHans: HoursStrings = {
  closedUntil: (when: string) => `我们现在不在服务时间。下次开放时间：${when}。`,
  closedNow: '目前没有客服在线。',
  offlineIntro: '请留言，我们会通过电子邮件回复您。',
  offlineConsent: '我同意就此留言与我联系。',
  offlineSend: '发送留言',
  offlineWaiting: '您的留言已保存在此处，一旦能连接到我们就会发送。',
  offlineSent: '谢谢！我们已收到您的留言，会通过电子邮件回复您。',
  fieldInvalid: '请检查此项。',
  department: '部门',
  chooseDepartment: '请选择部门',
  transcriptEmail: '通过电子邮件发送聊天记录',
  transcriptSent: '聊天记录正在发送到您的邮箱。',
  transcriptLimited: '请求过多，请稍后再试。',
  transcriptFailed: '聊天记录发送失败，请重试。',
};

export default zhHans;
