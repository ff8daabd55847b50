import type { HoursStrings } from './en.js';

const pt: HoursStrings = {
  closedUntil: (when: string) => `Estamos fechados agora. Reabrimos: ${when}.`,
  closedNow: 'Não há ninguém disponível no momento.',
  offlineIntro: 'Deixe uma mensagem e responderemos por e-mail.',
  offlineConsent: 'Concordo em ser contatado sobre esta mensagem.',
  offlineSend: 'Enviar mensagem',
  offlineWaiting: 'Sua mensagem está salva aqui e será enviada assim que pudermos ser alcançados.',
  offlineSent: 'Obrigado! Recebemos sua mensagem e responderemos por e-mail.',
  fieldInvalid: 'Verifique este campo.',
  department: 'Departamento',
  chooseDepartment: 'Escolha um departamento',
  transcriptEmail: 'Enviar a transcrição por e-mail',
  transcriptSent: 'A transcrição está a caminho da sua caixa de entrada.',
  transcriptLimited: 'Muitas solicitações. Tente novamente mais tarde.',
  transcriptFailed: 'Não foi possível enviar a transcrição. Tente novamente.',
};

export default pt;
