import type { HoursStrings } from './en.js';

const sv: HoursStrings = {
  closedUntil: (when: string) => `Vi har stängt. Vi öppnar igen ${when}.`,
  closedNow: 'Ingen är tillgänglig just nu.',
  offlineIntro: 'Lämna ett meddelande så svarar vi via e-post.',
  offlineConsent: 'Jag godkänner att bli kontaktad om det här meddelandet.',
  offlineSend: 'Skicka meddelande',
  offlineWaiting: 'Ditt meddelande är sparat här och skickas så snart vi kan nås.',
  offlineSent: 'Tack! Vi har fått ditt meddelande och svarar via e-post.',
  fieldInvalid: 'Kontrollera det här fältet.',
  department: 'Avdelning',
  chooseDepartment: 'Välj en avdelning',
  transcriptEmail: 'Skicka chatten via e-post',
  transcriptSent: 'Chatten är på väg till din inkorg.',
  transcriptLimited: 'För många förfrågningar. Försök igen senare.',
  transcriptFailed: 'Chatten kunde inte skickas. Försök igen.',
};

export default sv;
