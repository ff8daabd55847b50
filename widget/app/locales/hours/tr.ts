import type { HoursStrings } from './en.js';

const tr: HoursStrings = {
  closedUntil: (when: string) => `Şu an kapalıyız. Yeniden açılış: ${when}.`,
  closedNow: 'Şu anda müsait kimse yok.',
  offlineIntro: 'Mesaj bırakın, size e-postayla yanıt verelim.',
  offlineConsent: 'Bu mesajla ilgili benimle iletişime geçilmesini kabul ediyorum.',
  offlineSend: 'Mesajı gönder',
  offlineWaiting: 'Mesajınız burada kayıtlı; bize ulaşılabildiği anda gönderilecek.',
  offlineSent: 'Teşekkürler! Mesajınızı aldık, size e-postayla yanıt vereceğiz.',
  fieldInvalid: 'Lütfen bu alanı kontrol edin.',
  department: 'Departman',
  chooseDepartment: 'Bir departman seçin',
  transcriptEmail: 'Yazışmayı e-postayla gönder',
  transcriptSent: 'Yazışma gelen kutunuza doğru yolda.',
  transcriptLimited: 'Çok fazla istek. Lütfen daha sonra tekrar deneyin.',
  transcriptFailed: 'Yazışma gönderilemedi. Lütfen tekrar deneyin.',
};

export default tr;
