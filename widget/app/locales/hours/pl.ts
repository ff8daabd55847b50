import type { HoursStrings } from './en.js';

const pl: HoursStrings = {
  closedUntil: (when: string) => `Teraz jesteśmy zamknięci. Ponownie otwieramy: ${when}.`,
  closedNow: 'W tej chwili nikt nie jest dostępny.',
  offlineIntro: 'Zostaw wiadomość, a odpowiemy e-mailem.',
  offlineConsent: 'Zgadzam się na kontakt w sprawie tej wiadomości.',
  offlineSend: 'Wyślij wiadomość',
  offlineWaiting: 'Twoja wiadomość jest zapisana i zostanie wysłana, gdy tylko będziemy osiągalni.',
  offlineSent: 'Dziękujemy! Mamy Twoją wiadomość i odpowiemy e-mailem.',
  fieldInvalid: 'Sprawdź to pole.',
  department: 'Dział',
  chooseDepartment: 'Wybierz dział',
  transcriptEmail: 'Wyślij zapis rozmowy e-mailem',
  transcriptSent: 'Zapis rozmowy jest w drodze do Twojej skrzynki.',
  transcriptLimited: 'Zbyt wiele żądań. Spróbuj ponownie później.',
  transcriptFailed: 'Nie udało się wysłać zapisu rozmowy. Spróbuj ponownie.',
};

export default pl;
