import type { HoursStrings } from './en.js';

const nl: HoursStrings = {
  closedUntil: (when: string) => `We zijn nu gesloten. We zijn weer open: ${when}.`,
  closedNow: 'Er is op dit moment niemand beschikbaar.',
  offlineIntro: 'Laat een bericht achter, dan antwoorden we per e-mail.',
  offlineConsent: 'Ik ga ermee akkoord dat jullie contact met me opnemen over dit bericht.',
  offlineSend: 'Bericht versturen',
  offlineWaiting: 'Je bericht is hier bewaard en wordt verstuurd zodra we bereikbaar zijn.',
  offlineSent: 'Bedankt! We hebben je bericht ontvangen en antwoorden per e-mail.',
  fieldInvalid: 'Controleer dit veld.',
  department: 'Afdeling',
  chooseDepartment: 'Kies een afdeling',
  transcriptEmail: 'Transcript per e-mail versturen',
  transcriptSent: 'Het transcript is onderweg naar je inbox.',
  transcriptLimited: 'Te veel verzoeken. Probeer het later opnieuw.',
  transcriptFailed: 'Het transcript kon niet worden verstuurd. Probeer het opnieuw.',
};

export default nl;
