import type { HoursStrings } from './en.js';

const ar: HoursStrings = {
  closedUntil: (when: string) => `نحن مغلقون الآن. نعود في ${when}.`,
  closedNow: 'لا يوجد أحد متاح الآن.',
  offlineIntro: 'اترك رسالة وسنرد عليك عبر البريد الإلكتروني.',
  offlineConsent: 'أوافق على التواصل معي بشأن هذه الرسالة.',
  offlineSend: 'إرسال الرسالة',
  offlineWaiting: 'رسالتك محفوظة هنا وسيتم إرسالها حالما يمكن الوصول إلينا.',
  offlineSent: 'شكرًا لك! وصلتنا رسالتك وسنرد عليك عبر البريد الإلكتروني.',
  fieldInvalid: 'يرجى التحقق من هذا الحقل.',
  department: 'القسم',
  chooseDepartment: 'اختر قسمًا',
  transcriptEmail: 'إرسال المحادثة بالبريد الإلكتروني',
  transcriptSent: 'المحادثة في طريقها إلى بريدك الإلكتروني.',
  transcriptLimited: 'طلبات كثيرة جدًا. يرجى المحاولة لاحقًا.',
  transcriptFailed: 'تعذر إرسال المحادثة. يرجى المحاولة مرة أخرى.',
};

export default ar;
