import type { HoursStrings } from './en.js';

const es: HoursStrings = {
  closedUntil: (when: string) => `Ahora estamos cerrados. Volvemos a abrir el ${when}.`,
  closedNow: 'No hay nadie disponible en este momento.',
  offlineIntro: 'Déjanos un mensaje y te responderemos por correo electrónico.',
  offlineConsent: 'Acepto que me contacten sobre este mensaje.',
  offlineSend: 'Enviar mensaje',
  offlineWaiting: 'Tu mensaje está guardado aquí y se enviará en cuanto podamos recibirlo.',
  offlineSent: '¡Gracias! Hemos recibido tu mensaje y te responderemos por correo electrónico.',
  fieldInvalid: 'Revisa este campo.',
  department: 'Departamento',
  chooseDepartment: 'Elige un departamento',
  transcriptEmail: 'Enviar la transcripción por correo',
  transcriptSent: 'La transcripción va de camino a tu bandeja de entrada.',
  transcriptLimited: 'Demasiadas solicitudes. Inténtalo más tarde.',
  transcriptFailed: 'No se pudo enviar la transcripción. Inténtalo de nuevo.',
};

export default es;
