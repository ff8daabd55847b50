import type { HoursStrings } from './en.js';

const he: HoursStrings = {
  closedUntil: (when: string) => `אנחנו סגורים כעת. נפתח שוב ב־${when}.`,
  closedNow: 'אין אף אחד זמין כרגע.',
  offlineIntro: 'השאירו הודעה ונחזור אליכם בדוא״ל.',
  offlineConsent: 'אני מסכים/ה שייצרו איתי קשר בנוגע להודעה זו.',
  offlineSend: 'שליחת ההודעה',
  offlineWaiting: 'ההודעה שלכם שמורה כאן ותישלח ברגע שנהיה זמינים.',
  offlineSent: 'תודה! קיבלנו את ההודעה ונחזור אליכם בדוא״ל.',
  fieldInvalid: 'יש לבדוק את השדה הזה.',
  department: 'מחלקה',
  chooseDepartment: 'בחירת מחלקה',
  transcriptEmail: 'שליחת התמליל בדוא״ל',
  transcriptSent: 'התמליל בדרך לתיבת הדואר שלכם.',
  transcriptLimited: 'יותר מדי בקשות. נסו שוב מאוחר יותר.',
  transcriptFailed: 'לא ניתן היה לשלוח את התמליל. נסו שוב.',
};

export default he;
