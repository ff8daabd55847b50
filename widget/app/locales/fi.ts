import type { Translation } from './en.js';

const fi: Translation = {
  title: 'Keskustele kanssamme',
  subtitle: 'Vastaamme yleensä muutamassa minuutissa',
  close: 'Sulje keskustelu',
  endChat: 'Lopeta keskustelu',
  endConfirm: 'Lopetetaanko keskustelu? Voit silti ladata keskustelun tekstinä jälkikäteen.',
  cancel: 'Peruuta',
  messages: 'Viestit',
  messageLabel: 'Viesti',
  placeholder: 'Kirjoita viestisi…',
  send: 'Lähetä',
  attach: 'Liitä tiedosto',
  you: 'Sinä',
  agent: 'Asiakaspalvelija',
  agentTyping: (name) => `${name} kirjoittaa…`,
  agentJoined: (name) => `${name} liittyi keskusteluun`,
  agentLeft: (name) => `${name} poistui keskustelusta`,
  transferred: 'Sinut siirretään toiselle asiakaspalvelijalle',
  queued: (queue) =>
    queue ? `Odotetaan asiakaspalvelijaa (${queue})` : 'Odotetaan asiakaspalvelijaa',
  position: (position) => `Paikkasi jonossa: ${position}`,
  ended: 'Keskustelu on päättynyt',
  pending: 'Lähetetään…',
  failed: 'Ei lähetetty',
  retry: 'Yritä uudelleen',
  reconnecting: 'Yhdistetään uudelleen…',
  offline: 'Olet offline-tilassa. Viestisi lähetetään, kun yhteys palaa.',
  uploading: (percent) => `Ladataan… ${percent} %`,
  fileTooBig: (size) => `Tiedoston enimmäiskoko on ${size}.`,
  fileType: 'Tämäntyyppistä tiedostoa ei voi lähettää.',
  name: 'Nimi',
  email: 'Sähköposti',
  phone: 'Puhelin',
  optional: '(valinnainen)',
  fieldRequired: 'Täytä tämä kenttä.',
  invalidEmail: 'Anna sähköpostiosoite muodossa nimi@esimerkki.fi.',
  invalidPhone: 'Anna puhelinnumero: vain numeroita, välilyöntejä ja merkkejä + ( ) - .',
  consentRequired: 'Hyväksy jatkaaksesi.',
  startChat: 'Aloita keskustelu',
  newChat: 'Aloita uusi keskustelu',
  download: 'Lataa keskustelu tekstinä',
  transcript: 'Keskustelu tekstinä',
  unread: { one: '# lukematon viesti', other: '# lukematonta viestiä' },
  startFailed: 'Keskustelua ei voitu aloittaa. Yritä uudelleen.',
  suggestedReplies: 'Ehdotetut vastaukset',
  // read receipts, notifications
  sent: 'Lähetetty',
  delivered: 'Nähty',
  notifyAsk: 'Haluatko ilmoituksen, kun vastaamme?',
  notifyOn: 'Ilmoita minulle',
  notifyOff: 'Ei kiitos',
  // How it went: the survey after a chat
  surveyQuestion: 'Miten keskustelu sujui?',
  surveyScore: (n: number) => `${n}/5`,
  surveyGood: 'Hyvä',
  surveyBad: 'Huono',
  surveyComment: 'Kommentti',
  surveySend: 'Lähetä',
  surveySkip: 'Ohita',
  surveyThanks: 'Kiitos palautteestasi!',
  // visual design (issue 19)
  dismiss: 'Sulje',
  transferredTo: (name: string, queue?: string) =>
    queue
      ? `Siirretty asiakaspalvelijalle ${name} (${queue})`
      : `Siirretty asiakaspalvelijalle ${name}`,
  chattedWith: (name: string) => `Keskustelukumppanisi: ${name}`,
  // images in (issue 18): drag and drop, paste, previews
  fileHint: (types: string, size: string) =>
    `${types}, enintään ${size} kukin. Voit myös pudottaa tai liittää tiedostoja tähän.`,
  chooseFiles: 'Valitse tiedostot',
  filesToSend: 'Lähetettävät tiedostot',
  removeFile: (name: string) => `Poista ${name}`,
  dropFiles: 'Pudota tiedostot tähän liittääksesi ne',
  cancelUpload: (name: string) => `Peruuta tiedoston ${name} lähetys`,
  noFiles: 'Tässä chatissa ei voi lähettää tiedostoja.',
  fileEmpty: 'Tiedosto on tyhjä.',
  // waiting, honestly: the queue's wait (issue 17)
  waitMinutes: {
    one: 'Tavallinen odotus: noin # minuutti',
    other: 'Tavallinen odotus: noin # minuuttia',
  },
  waitingInQueue: (count) => `Odottavia keskusteluja: ${count}`,
  // cards and formatting (issue 18)
  unsupportedCard: 'Tätä korttia ei voi näyttää tässä.',
  carousel: 'Kortit',
  slide: (n: number, total: number) => `Kortti ${n}/${total}`,
  previousSlide: 'Edellinen kortti',
  nextSlide: 'Seuraava kortti',
};

export default fi;
