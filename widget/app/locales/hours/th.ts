import type { HoursStrings } from './en.js';

const th: HoursStrings = {
  closedUntil: (when: string) => `ขณะนี้เราปิดทำการ เปิดอีกครั้ง: ${when}`,
  closedNow: 'ขณะนี้ไม่มีเจ้าหน้าที่ว่าง',
  offlineIntro: 'ฝากข้อความไว้ แล้วเราจะตอบกลับทางอีเมล',
  offlineConsent: 'ฉันยินยอมให้ติดต่อกลับเกี่ยวกับข้อความนี้',
  offlineSend: 'ส่งข้อความ',
  offlineWaiting: 'บันทึกข้อความของคุณไว้ที่นี่แล้ว และจะส่งทันทีที่ติดต่อเราได้',
  offlineSent: 'ขอบคุณ! เราได้รับข้อความของคุณแล้ว และจะตอบกลับทางอีเมล',
  fieldInvalid: 'โปรดตรวจสอบช่องนี้',
  department: 'แผนก',
  chooseDepartment: 'เลือกแผนก',
  transcriptEmail: 'ส่งบันทึกการสนทนาทางอีเมล',
  transcriptSent: 'กำลังส่งบันทึกการสนทนาไปยังกล่องจดหมายของคุณ',
  transcriptLimited: 'มีคำขอมากเกินไป โปรดลองอีกครั้งในภายหลัง',
  transcriptFailed: 'ส่งบันทึกการสนทนาไม่สำเร็จ โปรดลองอีกครั้ง',
};

export default th;
