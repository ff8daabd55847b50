import type { HoursStrings } from './en.js';

const zhHant: HoursStrings = {
  closedUntil: (when: string) => `我們目前不在服務時間。下次開放時間：${when}。`,
  closedNow: '目前沒有客服在線上。',
  offlineIntro: '請留言，我們會透過電子郵件回覆您。',
  offlineConsent: '我同意就此留言與我聯絡。',
  offlineSend: '傳送留言',
  offlineWaiting: '您的留言已儲存在這裡，一旦能連線到我們就會傳送。',
  offlineSent: '謝謝！我們已收到您的留言，會透過電子郵件回覆您。',
  fieldInvalid: '請檢查這個欄位。',
  department: '部門',
  chooseDepartment: '請選擇部門',
  transcriptEmail: '以電子郵件傳送對話記錄',
  transcriptSent: '對話記錄正在寄往您的信箱。',
  transcriptLimited: '要求過多，請稍後再試。',
  transcriptFailed: '無法傳送對話記錄，請再試一次。',
};

export default zhHant;
