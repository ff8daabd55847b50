import type { HoursStrings } from './en.js';

const hi: HoursStrings = {
  closedUntil: (when: string) => `हम अभी बंद हैं। हम फिर से खुलेंगे: ${when}।`,
  closedNow: 'अभी कोई उपलब्ध नहीं है।',
  offlineIntro: 'संदेश छोड़ें, हम ईमेल से जवाब देंगे।',
  offlineConsent: 'मैं इस संदेश के बारे में संपर्क किए जाने के लिए सहमत हूँ।',
  offlineSend: 'संदेश भेजें',
  offlineWaiting: 'आपका संदेश यहाँ सहेजा गया है और हमसे संपर्क होते ही भेज दिया जाएगा।',
  offlineSent: 'धन्यवाद! हमें आपका संदेश मिल गया है, हम ईमेल से जवाब देंगे।',
  fieldInvalid: 'कृपया यह फ़ील्ड जाँचें।',
  department: 'विभाग',
  chooseDepartment: 'कोई विभाग चुनें',
  transcriptEmail: 'ट्रांसक्रिप्ट ईमेल करें',
  transcriptSent: 'ट्रांसक्रिप्ट आपके इनबॉक्स की ओर भेज दी गई है।',
  transcriptLimited: 'बहुत अधिक अनुरोध। कृपया बाद में फिर से प्रयास करें।',
  transcriptFailed: 'ट्रांसक्रिप्ट भेजी नहीं जा सकी। कृपया फिर से प्रयास करें।',
};

export default hi;
