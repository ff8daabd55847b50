import type { HoursStrings } from './en.js';

const de: HoursStrings = {
  closedUntil: (when: string) => `Wir haben gerade geschlossen. Wieder für Sie da: ${when}.`,
  closedNow: 'Gerade ist niemand erreichbar.',
  offlineIntro: 'Hinterlassen Sie eine Nachricht, wir antworten per E-Mail.',
  offlineConsent: 'Ich bin einverstanden, zu dieser Nachricht kontaktiert zu werden.',
  offlineSend: 'Nachricht senden',
  offlineWaiting:
    'Ihre Nachricht ist hier gespeichert und wird gesendet, sobald wir erreichbar sind.',
  offlineSent: 'Danke! Ihre Nachricht ist bei uns, wir antworten per E-Mail.',
  fieldInvalid: 'Bitte prüfen Sie dieses Feld.',
  department: 'Abteilung',
  chooseDepartment: 'Abteilung wählen',
  transcriptEmail: 'Verlauf per E-Mail senden',
  transcriptSent: 'Der Verlauf ist auf dem Weg in Ihr Postfach.',
  transcriptLimited: 'Zu viele Anfragen. Bitte versuchen Sie es später erneut.',
  transcriptFailed: 'Der Verlauf konnte nicht gesendet werden. Bitte versuchen Sie es erneut.',
};

export default de;
