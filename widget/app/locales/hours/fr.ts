import type { HoursStrings } from './en.js';

const fr: HoursStrings = {
  closedUntil: (when: string) => `Nous sommes fermés. Réouverture : ${when}.`,
  closedNow: 'Personne n’est disponible pour le moment.',
  offlineIntro: 'Laissez-nous un message, nous vous répondrons par e-mail.',
  offlineConsent: 'J’accepte d’être contacté au sujet de ce message.',
  offlineSend: 'Envoyer le message',
  offlineWaiting: 'Votre message est enregistré ici et sera envoyé dès que nous serons joignables.',
  offlineSent: 'Merci ! Nous avons bien reçu votre message et vous répondrons par e-mail.',
  fieldInvalid: 'Veuillez vérifier ce champ.',
  department: 'Service',
  chooseDepartment: 'Choisissez un service',
  transcriptEmail: 'Recevoir la transcription par e-mail',
  transcriptSent: 'La transcription est en route vers votre boîte de réception.',
  transcriptLimited: 'Trop de demandes. Veuillez réessayer plus tard.',
  transcriptFailed: 'La transcription n’a pas pu être envoyée. Veuillez réessayer.',
};

export default fr;
