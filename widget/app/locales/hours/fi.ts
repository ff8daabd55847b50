import type { HoursStrings } from './en.js';

const fi: HoursStrings = {
  closedUntil: (when: string) => `Olemme nyt suljettu. Avaamme jälleen: ${when}.`,
  closedNow: 'Kukaan ei ole juuri nyt tavoitettavissa.',
  offlineIntro: 'Jätä viesti, niin vastaamme sähköpostilla.',
  offlineConsent: 'Hyväksyn, että minuun otetaan yhteyttä tästä viestistä.',
  offlineSend: 'Lähetä viesti',
  offlineWaiting: 'Viestisi on tallennettu tänne ja lähetetään heti, kun meidät tavoitetaan.',
  offlineSent: 'Kiitos! Saimme viestisi ja vastaamme sähköpostilla.',
  fieldInvalid: 'Tarkista tämä kenttä.',
  department: 'Osasto',
  chooseDepartment: 'Valitse osasto',
  transcriptEmail: 'Lähetä keskustelu sähköpostiin',
  transcriptSent: 'Keskustelu on matkalla sähköpostiisi.',
  transcriptLimited: 'Liian monta pyyntöä. Yritä myöhemmin uudelleen.',
  transcriptFailed: 'Keskustelua ei voitu lähettää. Yritä uudelleen.',
};

export default fi;
