import type { HoursStrings } from './en.js';

const nb: HoursStrings = {
  closedUntil: (when: string) => `Vi har stengt. Vi åpner igjen ${when}.`,
  closedNow: 'Ingen er tilgjengelige akkurat nå.',
  offlineIntro: 'Legg igjen en melding, så svarer vi på e-post.',
  offlineConsent: 'Jeg godtar å bli kontaktet om denne meldingen.',
  offlineSend: 'Send melding',
  offlineWaiting: 'Meldingen din er lagret her og sendes så snart vi kan nås.',
  offlineSent: 'Takk! Vi har fått meldingen din og svarer på e-post.',
  fieldInvalid: 'Sjekk dette feltet.',
  department: 'Avdeling',
  chooseDepartment: 'Velg en avdeling',
  transcriptEmail: 'Send samtalen på e-post',
  transcriptSent: 'Samtalen er på vei til innboksen din.',
  transcriptLimited: 'For mange forespørsler. Prøv igjen senere.',
  transcriptFailed: 'Samtalen kunne ikke sendes. Prøv igjen.',
};

export default nb;
