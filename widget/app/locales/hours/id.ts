import type { HoursStrings } from './en.js';

const id: HoursStrings = {
  closedUntil: (when: string) => `Kami sedang tutup. Kami buka lagi ${when}.`,
  closedNow: 'Tidak ada yang tersedia saat ini.',
  offlineIntro: 'Tinggalkan pesan dan kami akan membalas lewat email.',
  offlineConsent: 'Saya setuju dihubungi terkait pesan ini.',
  offlineSend: 'Kirim pesan',
  offlineWaiting: 'Pesan Anda tersimpan di sini dan akan dikirim begitu kami dapat dihubungi.',
  offlineSent: 'Terima kasih! Pesan Anda sudah kami terima dan akan kami balas lewat email.',
  fieldInvalid: 'Harap periksa kolom ini.',
  department: 'Departemen',
  chooseDepartment: 'Pilih departemen',
  transcriptEmail: 'Kirim transkrip lewat email',
  transcriptSent: 'Transkrip sedang dikirim ke kotak masuk Anda.',
  transcriptLimited: 'Terlalu banyak permintaan. Coba lagi nanti.',
  transcriptFailed: 'Transkrip tidak dapat dikirim. Coba lagi.',
};

export default id;
