import type { HoursStrings } from './en.js';

const ro: HoursStrings = {
  closedUntil: (when: string) => `Acum suntem închiși. Redeschidem: ${when}.`,
  closedNow: 'Nu este nimeni disponibil acum.',
  offlineIntro: 'Lasă-ne un mesaj și îți răspundem pe e-mail.',
  offlineConsent: 'Sunt de acord să fiu contactat în legătură cu acest mesaj.',
  offlineSend: 'Trimite mesajul',
  offlineWaiting: 'Mesajul tău este salvat aici și va fi trimis imediat ce putem fi contactați.',
  offlineSent: 'Mulțumim! Am primit mesajul tău și îți răspundem pe e-mail.',
  fieldInvalid: 'Verifică acest câmp.',
  department: 'Departament',
  chooseDepartment: 'Alege un departament',
  transcriptEmail: 'Trimite transcrierea pe e-mail',
  transcriptSent: 'Transcrierea este pe drum spre căsuța ta de e-mail.',
  transcriptLimited: 'Prea multe cereri. Încearcă din nou mai târziu.',
  transcriptFailed: 'Transcrierea nu a putut fi trimisă. Încearcă din nou.',
};

export default ro;
