import type { HoursStrings } from './en.js';

const da: HoursStrings = {
  closedUntil: (when: string) => `Vi har lukket. Vi åbner igen ${when}.`,
  closedNow: 'Ingen er ledige lige nu.',
  offlineIntro: 'Skriv en besked, så svarer vi på e-mail.',
  offlineConsent: 'Jeg accepterer at blive kontaktet om denne besked.',
  offlineSend: 'Send besked',
  offlineWaiting: 'Din besked er gemt her og sendes, så snart vi kan nås.',
  offlineSent: 'Tak! Vi har modtaget din besked og svarer på e-mail.',
  fieldInvalid: 'Tjek dette felt.',
  department: 'Afdeling',
  chooseDepartment: 'Vælg en afdeling',
  transcriptEmail: 'Send udskriften på e-mail',
  transcriptSent: 'Udskriften er på vej til din indbakke.',
  transcriptLimited: 'For mange forespørgsler. Prøv igen senere.',
  transcriptFailed: 'Udskriften kunne ikke sendes. Prøv igen.',
};

export default da;
