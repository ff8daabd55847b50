import type { HoursStrings } from './en.js';

const it: HoursStrings = {
  closedUntil: (when: string) => `Ora siamo chiusi. Riapriamo: ${when}.`,
  closedNow: 'Al momento non c’è nessuno disponibile.',
  offlineIntro: 'Lasciaci un messaggio e ti risponderemo via email.',
  offlineConsent: 'Accetto di essere contattato riguardo a questo messaggio.',
  offlineSend: 'Invia messaggio',
  offlineWaiting: 'Il tuo messaggio è salvato qui e verrà inviato appena saremo raggiungibili.',
  offlineSent: 'Grazie! Abbiamo ricevuto il tuo messaggio e ti risponderemo via email.',
  fieldInvalid: 'Controlla questo campo.',
  department: 'Reparto',
  chooseDepartment: 'Scegli un reparto',
  transcriptEmail: 'Invia la trascrizione via email',
  transcriptSent: 'La trascrizione sta arrivando nella tua casella di posta.',
  transcriptLimited: 'Troppe richieste. Riprova più tardi.',
  transcriptFailed: 'Impossibile inviare la trascrizione. Riprova.',
};

export default it;
