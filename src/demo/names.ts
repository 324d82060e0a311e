// Names for the demo data, by the naming traditions of the countries people come from. Each entry
// is "Document spelling|other Latin spellings...=original script": the first Latin spelling is the one
// a passport of that country usually shows, the others what a clerk or a mediator of another
// language writes down (English, French, German ears; Somali and Turkish orthography). Lists run
// from the most to the least common, and are drawn with Zipf-like weights. Written from common
// given and family names of each country; every combination is fictional.
import type { PersonName } from '../domain/person.ts';

export type NamingGroup =
  | 'levant'
  | 'iraq'
  | 'egypt'
  | 'sudan'
  | 'maghreb'
  | 'iran'
  | 'afghan'
  | 'pakistan'
  | 'bangla'
  | 'eritrea'
  | 'somali'
  | 'nigeria'
  | 'congo'
  | 'ukraine'
  | 'turkey';

export interface NameEntry {
  /** Latin spellings, the usual document spelling first. */
  latin: readonly string[];
  /** In the group's own script, as the person writes or says it. */
  native?: string;
  /** Family names borne by one sex only (Akter, Begum, Khatun). */
  sex?: 'female' | 'male';
}

export interface NamingTradition {
  script: PersonName['script'];
  male: readonly NameEntry[];
  female: readonly NameEntry[];
  /** The last name: a family name, or in patronymic traditions a grandfather's given name. */
  family: readonly NameEntry[];
  /** A middle name, this often: the father's given name, or (DR Congo) a second family name. */
  middle?: { share: number; from: 'male' | 'family' };
  /** Name parts written before the given name of men (Md. in Bangladesh). */
  malePrefix?: { entry: NameEntry; share: number };
}

function parse(list: string): NameEntry[] {
  return list
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .flatMap((line) => line.split(';'))
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
    .map((item) => {
      let text = item;
      let sex: NameEntry['sex'];
      if (text.startsWith('f:')) [sex, text] = ['female', text.slice(2)];
      else if (text.startsWith('m:')) [sex, text] = ['male', text.slice(2)];
      const [latin = '', native] = text.split('=').map((s) => s.trim());
      return { latin: latin.split('|').map((s) => s.trim()), ...(native && { native }), ...(sex && { sex }) };
    });
}

// ---------------------------------------------------------------------------------------------
// Arabic script: the Levant (Syria, Palestine, Lebanon, Jordan)

const LEVANT_MALE = parse(`
Mohammad|Mohammed|Muhammad|Mohamad|Mouhamad=محمد; Ahmad|Ahmed|Achmad=أحمد; Mahmoud|Mahmud|Mahmood=محمود
Khaled|Khalid|Chaled=خالد; Omar|Umar|Omer=عمر; Ali|Aly=علي; Hassan|Hasan|Hassane=حسن
Hussein|Hussain|Husein|Houssein=حسين; Youssef|Yousef|Yusuf|Jussuf=يوسف; Ibrahim|Ebrahim|Brahim=إبراهيم
Mustafa|Mostafa|Moustafa=مصطفى; Abdullah|Abdallah|Abdulla=عبد الله; Abdulrahman|Abdel Rahman|Abdurrahman=عبد الرحمن
Bashar|Bachar=بشار; Rami|Ramy=رامي; Samer|Sammer=سامر; Fadi|Fady=فادي; Tarek|Tareq|Tariq=طارق
Majed|Majid|Madjid=ماجد; Walid|Waleed|Oualid=وليد; Jamal|Gamal|Djamal=جمال; Anas|Anass=أنس; Hamza|Hamzah=حمزة
Yazan|Yazen=يزن; Ammar|Amar=عمار; Karim|Kareem=كريم; Nabil|Nabeel=نبيل; Saleh|Salih=صالح; Ziad|Ziyad|Zeyad=زياد
Qusay|Kusai|Qusai=قصي; Hadi|Hady=هادي; Amjad|Amgad=أمجد; Firas|Feras=فراس; Osama|Usama|Oussama=أسامة
Adnan|Adnane=عدنان; Nizar|Nezar=نزار; Wael|Wail=وائل; Iyad|Eyad=إياد; Moayad|Muayad|Mouayad=مؤيد
`);
const LEVANT_FEMALE = parse(`
Fatima|Fatimah|Fatme=فاطمة; Aisha|Aicha|Aysha=عائشة; Maryam|Mariam|Meryem=مريم; Nour|Noor|Nur=نور
Rasha|Racha=رشا; Hiba|Heba=هبة; Lama|Lamaa=لمى; Rana|Ranaa=رنا; Reem|Rim|Rym=ريم; Sara|Sarah=سارة
Layla|Leila|Laila=ليلى; Yasmin|Yasmine|Jasmin=ياسمين; Zainab|Zeinab|Zaynab=زينب; Amal|Amel=أمل
Hanan|Hanane=حنان; Huda|Hoda|Houda=هدى; Samira|Sameera=سميرة; Nadia|Nadya=نادية; Dima|Deema=ديما
Rawan|Rawane=روان; Batoul|Batool|Batul=بتول; Ghada|Ghadah=غادة; Manal|Manel=منال; Asmaa|Asma=أسماء
Khadija|Khadijah|Khadidja=خديجة; Samah|Sameh=سماح; Salma|Selma=سلمى; Rahaf|Rahaaf=رهف; Alaa|Ala'a=آلاء
Nisreen|Nesrine|Nesreen=نسرين; Bushra|Boushra=بشرى; Ruqaya|Roqaya|Rukaya=رقية; Hala|Halla=هلا
`);
const LEVANT_FAMILY = parse(`
Al-Ali|Al Ali|Alali=العلي; Al-Ahmad|Al Ahmad|Alahmad=الأحمد; Al-Hussein|Al Hussain|Alhussein=الحسين
Haddad|Hadad=حداد; Hamdan|Hamdane=حمدان; Al-Masri|Almasri|El Masri=المصري; Darwish|Darweesh|Derwich=درويش
Al-Khatib|Alkhatib|El Khatib=الخطيب; Al-Halabi|Halabi|Al Halaby=الحلبي; Al-Shami|Shami|Al Chami=الشامي
Al-Hamwi|Hamwi|Al Hamawi=الحموي; Al-Homsi|Homsi|Al Himsi=الحمصي; Al-Zoubi|Al Zubi|Zoubi=الزعبي
Al-Rifai|Al Refaei|Rifai=الرفاعي; Suleiman|Sulaiman|Sleiman=سليمان; Kassem|Qasim|Kasem=قاسم
Othman|Osman|Outhman=عثمان; Nasser|Naser|Nasir=ناصر; Al-Najjar|Najjar|Nadjar=النجار
Al-Sheikh|Al Shaikh|El Cheikh=الشيخ; Barakat|Barakaat=بركات; Jaber|Jabir|Gaber=جابر
Khoury|Khouri|Al Khoury=خوري; Abboud|Aboud=عبود; Mansour|Mansur=منصور; Al-Saleh|Alsaleh|As-Saleh=الصالح
Al-Kurdi|Kurdi|El Kurdi=الكردي; Shaaban|Chaabane|Shaban=شعبان; Al-Omari|Omari|Al Umari=العمري
Abu Ali|Abou Ali|Abuali=أبو علي; Abu Zaid|Abu Zeid|Abou Zeid=أبو زيد; Al-Tamimi|Tamimi|At-Tamimi=التميمي
Awad|Awwad=عواد; Kassab|Qassab=قصاب; Barghouti|Al Barghouthi=البرغوثي; Odeh|Oudeh|Audeh=عودة
Shehadeh|Shahada|Chehade=شحادة; Hamad|Hammad=حمد; Abu Sharkh|Abou Charkh=أبو شرخ; Al-Jamal|Aljamal=الجمل
`);

// Iraq: triple names (own, father's, grandfather's or tribe).
const IRAQ_MALE = parse(`
Mohammed|Muhammad|Mohamed=محمد; Ali|Aly=علي; Hussein|Husain|Hussain=حسين; Ahmed|Ahmad=أحمد; Hassan|Hasan=حسن
Haider|Haidar|Hayder=حيدر; Abbas|Abas=عباس; Mustafa|Mostafa=مصطفى; Ammar|Amar=عمار; Omar|Omer=عمر
Karrar|Karar=كرار; Murtadha|Mortadha|Murtaza=مرتضى; Sajjad|Sajad=سجاد; Qasim|Kasim|Kassem=قاسم
Jasim|Jassim|Jasem=جاسم; Kadhim|Kazim|Kazem=كاظم; Salam|Salaam=سلام; Raad|Ra'ad=رعد; Falah|Falaah=فلاح
Saad|Sa'ad=سعد; Yasir|Yaser|Yasser=ياسر; Zaid|Zeid|Zayd=زيد; Muntadhar|Muntazer=منتظر; Hamid|Hameed=حميد
Abdulameer|Abdul Amir|Abdelamir=عبد الأمير; Mahdi|Mehdi=مهدي; Dhiaa|Diaa|Zia=ضياء; Sabah|Sabbah=صباح
`);
const IRAQ_FEMALE = parse(`
Zahraa|Zahra=زهراء; Fatima|Fatimah=فاطمة; Zainab|Zeinab=زينب; Maryam|Mariam=مريم; Noor|Nour=نور
Sara|Sarah=سارة; Huda|Hoda=هدى; Ruqaya|Roqaya=رقية; Hawraa|Hawra=حوراء; Ban|Baan=بان; Shahad|Chahad=شهد
Tabarak|Tabaraq=تبارك; Duaa|Doaa=دعاء; Iman|Eman=إيمان; Suad|Souad=سعاد; Khawla|Khawlah=خولة
Sabreen|Sabrine=صابرين; Israa|Esraa=إسراء; Amna|Amina=آمنة; Wasan|Wassan=وسن; Rusul|Rosul=رسل; Aya|Ayah=آية
`);
const IRAQ_FAMILY = parse(`
Al-Jubouri|Al Jbouri|Aljuburi=الجبوري; Al-Obaidi|Al Ubaidi|Alobaidi=العبيدي; Al-Dulaimi|Al Dulaymi=الدليمي
Al-Tamimi|Tamimi=التميمي; Al-Saadi|Al Saedi=الساعدي; Al-Shammari|Al Shamari=الشمري; Al-Zubaidi|Al Zebidi=الزبيدي
Al-Maliki|Almaliki=المالكي; Al-Khafaji|Alkhafaji=الخفاجي; Al-Rubaie|Al Rubaiy|Al Rubaye=الربيعي
Al-Kaabi|Al Kabi=الكعبي; Al-Hilali|Alhilali=الهلالي; Al-Musawi|Al Moussawi|Al Mousawi=الموسوي
Al-Hashimi|Al Hashemi=الهاشمي; Al-Bayati|Albayati=البياتي; Al-Ani|Alani=العاني; Al-Kubaisi|Al Kubaisy=الكبيسي
Hamza|Hamzah=حمزة; Jasim|Jassim=جاسم; Kadhim|Kazim=كاظم; Abbas|Abas=عباس; Mahmood|Mahmoud=محمود
Salman|Selman=سلمان; Hamad|Hammad=حمد; Barzani|Barazani=بارزاني; Kareem|Karim=كريم; Abdulla|Abdullah=عبدالله
`);

// Egypt: the family part is usually the father's and grandfather's names.
const EGYPT_MALE = parse(`
Mohamed|Mohammed|Muhammad=محمد; Ahmed|Ahmad=أحمد; Mahmoud|Mahmud=محمود; Mostafa|Mustafa|Moustafa=مصطفى
Abdelrahman|Abdel Rahman|Abdul Rahman=عبد الرحمن; Omar|Omer=عمر; Youssef|Yousef=يوسف; Ali|Aly=علي
Ibrahim|Ebrahim=إبراهيم; Hassan|Hasan=حسن; Islam|Eslam=إسلام; Karim|Kareem=كريم; Khaled|Khalid=خالد
Amr|Amro=عمرو; Tamer|Tamir=تامر; Hany|Hani=هاني; Sherif|Sharif|Cherif=شريف; Tarek|Tarik=طارق
Walid|Waleed=وليد; Sayed|Sayyid|Said=سيد; Gamal|Jamal=جمال; Ashraf|Achraf=أشرف; Hossam|Husam=حسام
Medhat|Midhat=مدحت; Ayman|Aiman=أيمن; Essam|Issam=عصام; Mina|Mena=مينا; Girgis|Guirguis|Gerges=جرجس
`);
const EGYPT_FEMALE = parse(`
Fatma|Fatima=فاطمة; Mariam|Maryam|Mariem=مريم; Nour|Noor=نور; Aya|Ayah=آية; Heba|Hiba=هبة; Mona|Muna=منى
Doaa|Duaa=دعاء; Esraa|Israa=إسراء; Rania|Ranya=رانيا; Dina|Dena=دينا; Shaimaa|Shaima=شيماء; Salma|Selma=سلمى
Yasmin|Yasmine=ياسمين; Nada|Nadaa=ندى; Amira|Ameera=أميرة; Samar|Sammar=سمر; Marwa|Marwah=مروة
Hend|Hind=هند; Eman|Iman=إيمان; Asmaa|Asma=أسماء
`);
const EGYPT_FAMILY = parse(`
Abdelaziz|Abdel Aziz|Abdulaziz=عبد العزيز; El-Sayed|Elsayed|Al Sayed=السيد; Abdallah|Abdullah=عبد الله
Salem|Salim=سالم; Farouk|Farouq=فاروق; Ismail|Ismael=إسماعيل; Soliman|Suleiman=سليمان; Fathy|Fathi=فتحي
Ramadan|Ramadhan=رمضان; Shehata|Shahata=شحاتة; Hegazy|Higazi|Hijazi=حجازي; El-Masry|Elmasry=المصري
Abdelmoneim|Abdel Moneim=عبد المنعم; Gaber|Jaber=جابر; Naguib|Najib=نجيب; Fawzy|Fawzi=فوزي; Zaki|Zaky=زكي
Saad|Sa'ad=سعد; Khalil|Khaleel=خليل; Ezzat|Izzat=عزت; Morsi|Mursi=مرسي; Abdelhamid|Abdel Hamid=عبد الحميد
`);

// Sudan: own name, father's name, grandfather's name.
const SUDAN_MALE = parse(`
Mohamed|Mohammed|Muhammad=محمد; Ahmed|Ahmad=أحمد; Osman|Othman=عثمان; Abdelrahim|Abdel Rahim|Abdulrahim=عبد الرحيم
Abdalla|Abdallah|Abdullah=عبد الله; Adam|Adem=آدم; Ibrahim|Ebrahim=إبراهيم; Ishag|Ishaq|Ishak=إسحاق
Yagoub|Yaqub|Yacoub=يعقوب; Elamin|Al Amin|Alamin=الأمين; Musa|Moussa=موسى; Hamid|Hamed=حامد
Babiker|Babikir=بابكر; Omer|Omar=عمر; Suleiman|Sulaiman=سليمان; Hassan|Hasan=حسن; Abubakar|Abu Bakr|Abubaker=أبوبكر
Bashir|Basheer=بشير; Elnour|Al Nour=النور; Mustafa|Mostafa=مصطفى; Salih|Saleh=صالح; Yousif|Yousef=يوسف
Ali|Aly=علي; Khalid|Khaled=خالد; Tijani|Tijany=تجاني; Haroun|Harun=هارون; Bakheit|Bakhit=بخيت
`);
const SUDAN_FEMALE = parse(`
Hawa|Hawaa=حواء; Fatima|Fatma=فاطمة; Amna|Amina=آمنة; Khadija|Khadiga=خديجة; Aisha|Aesha=عائشة
Mariam|Maryam=مريم; Halima|Haleema=حليمة; Safia|Safiya=صفية; Sara|Sarah=سارة; Nafisa|Nafeesa=نفيسة
Asia|Asya=آسيا; Hajer|Hagar|Hajar=هاجر; Salwa|Salwaa=سلوى; Rabab|Rabaab=رباب; Tasneem|Tasnim=تسنيم
Fadwa|Fadoua=فدوى; Najla|Nagla=نجلاء; Samia|Samiya=سامية; Zahra|Zahraa=زهراء; Ikhlas|Ekhlas=إخلاص
`);
const SUDAN_FAMILY = parse(`
Elsheikh|El Sheikh=الشيخ; Eltayeb|Al Tayeb=الطيب; Elhassan|Al Hassan=الحسن; Abdelrahman|Abdel Rahman=عبد الرحمن
Mahmoud|Mahmud=محمود; Ismail|Ismael=إسماعيل; Elfadil|Al Fadil=الفاضل; Elbashir|Al Bashir=البشير
`);

// The Maghreb (Morocco, Algeria): French transliteration on documents.
const MAGHREB_MALE = parse(`
Mohamed|Mohammed|Muhammad=محمد; Ahmed|Ahmad=أحمد; Youssef|Youcef|Yousef=يوسف; Yassine|Yacine|Yasin=ياسين
Ayoub|Ayyub|Ayub=أيوب; Hamza|Hamzah=حمزة; Mehdi|Mahdi=مهدي; Omar|Oumar=عمر; Ilyas|Ilyes|Elias=إلياس
Anas|Anass=أنس; Othmane|Othman|Osman=عثمان; Adil|Adel=عادل; Hicham|Hisham|Hichem=هشام; Rachid|Rashid=رشيد
Said|Saeed|Saïd=سعيد; Karim|Kareem=كريم; Abdelkader|Abdel Kader|Abdulqadir=عبد القادر; Abdelaziz|Abdel Aziz=عبد العزيز
Noureddine|Nour Eddine|Nuruddin=نور الدين; Djamel|Jamal|Djamal=جمال; Nabil|Nabeel=نبيل; Mourad|Murad=مراد
Khalid|Khaled=خالد; Redouane|Radwan|Ridouane=رضوان; Abderrahim|Abdul Rahim|Abdarrahim=عبد الرحيم
Mustapha|Mustafa=مصطفى; Smail|Ismail=إسماعيل; Bilal|Belal=بلال; Walid|Oualid=وليد; Amine|Amin=أمين
Zakaria|Zakariya=زكرياء; Soufiane|Sofiane|Sufyan=سفيان; Tarik|Tarek=طارق; Fouad|Fuad=فؤاد
`);
const MAGHREB_FEMALE = parse(`
Fatima|Fatma=فاطمة; Khadija|Khadidja=خديجة; Fatima Zahra|Fatima-Zahra|Fatimazahra=فاطمة الزهراء
Meryem|Maryam|Meriem=مريم; Salma|Selma=سلمى; Imane|Iman=إيمان; Hajar|Hadjer=هاجر; Chaimae|Chaima|Shaimaa=شيماء
Sanaa|Sana=سناء; Nadia|Nadya=نادية; Samira|Sameera=سميرة; Naima|Naeema=نعيمة; Zineb|Zainab=زينب
Houda|Huda=هدى; Souad|Suad=سعاد; Malika|Malikah=مليكة; Amina|Amna=أمينة; Asmae|Asmaa=أسماء
Ikram|Ekram=إكرام; Kaoutar|Kawtar|Kawthar=كوثر; Soukaina|Sukayna|Sokaina=سكينة; Ouafae|Wafaa|Wafae=وفاء
Yasmina|Yasmine=ياسمينة; Lamia|Lamya=لمياء; Nawal|Naoual=نوال; Latifa|Latefa=لطيفة
`);
const MAGHREB_FAMILY = parse(`
Benali|Ben Ali=بن علي; El Amrani|Amrani|Al Amrani=العمراني; El Idrissi|Idrissi|Al Idrisi=الإدريسي
Bennani|Benani=بناني; Alaoui|El Alaoui|Alawi=العلوي; Bouzid|Bou Zid=بوزيد; Belkacem|Belkassem|Bel Kacem=بلقاسم
Tazi|Tazzi=التازي; Berrada|Barrada=برادة; El Fassi|Fassi=الفاسي; Benjelloun|Ben Jelloun=بنجلون
Chraibi|Echraibi=الشرايبي; Ait Ahmed|Aït Ahmed=آيت أحمد; Bakkali|El Bakkali=البقالي; Boukhari|El Boukhari|Bukhari=البخاري
Lahlou|Lahlu=لحلو; Zerouali|Zarwali=الزروالي; El Mansouri|Mansouri=المنصوري; Ziani|Zyani=الزياني
Boudiaf|Bou Diaf=بوضياف; Hamidi|Hamidou=حميدي; Brahimi|Ibrahimi=براهيمي; Benaissa|Ben Aissa=بن عيسى
Meziane|Mezian=مزيان; Saidi|Saïdi=سعيدي; Khelifi|Khalifi=خليفي; Bensalah|Ben Salah=بن صالح
Benyahia|Ben Yahia=بن يحيى; Slimani|Sliman=سليماني; Taleb|Talib=طالب; Mebarki|Mbarki=مباركي; Belaid|Belaïd=بلعيد
Lounis|Lounes=لونيس; Naciri|Nasiri=الناصري; Haddou|Hadou=حدو; Cherif|Sherif=شريف; Kaci|Kassi=قاسي
`);

// ---------------------------------------------------------------------------------------------
// Persian and Pashto (Iran, Afghanistan), Urdu (Pakistan): Arabic script with Persian letters

const IRAN_MALE = parse(`
Mohammad|Mohammed|Muhammad=محمد; Ali|Aly=علی; Hossein|Hussein|Hosein=حسین; Reza|Riza=رضا; Mehdi|Mahdi=مهدی
Amir|Ameer=امیر; Hamid|Hameed=حمید; Saeed|Said|Saeid=سعید; Ahmad|Ahmed=احمد; Mohsen|Muhsin=محسن
Majid|Madjid=مجید; Javad|Jawad=جواد; Abbas|Abas=عباس; Mostafa|Mustafa=مصطفی; Morteza|Murtaza=مرتضی
Hassan|Hasan=حسن; Behzad|Bihzad=بهزاد; Farhad|Farhaad=فرهاد; Davood|Davoud|Dawood=داوود; Omid|Omeed=امید
Babak|Baback=بابک; Kian|Kiyan=کیان; Arash|Arrash=آرش; Pouya|Puya=پویا; Siavash|Siyavash=سیاوش
Ebrahim|Ibrahim=ابراهیم; Yousef|Yusuf=یوسف; Masoud|Massoud|Masud=مسعود; Navid|Naveed=نوید; Amin|Ameen=امین
`);
const IRAN_FEMALE = parse(`
Fatemeh|Fatima|Fatemah=فاطمه; Zahra|Zahraa=زهرا; Maryam|Mariam=مریم; Masoumeh|Masumeh=معصومه
Zeinab|Zainab=زینب; Sakineh|Sakina=سکینه; Leila|Layla=لیلا; Narges|Nargis=نرگس; Shirin|Sheereen=شیرین
Parisa|Parissa=پریسا; Nasrin|Nasreen=نسرین; Azadeh|Azadah=آزاده; Mahsa|Mahssa=مهسا; Samira|Sameera=سمیرا
Roya|Roia=رویا; Elham|Elhaam=الهام; Fereshteh|Fereshte=فرشته; Sima|Seema=سیما; Somayeh|Somaye=سمیه
Mina|Meena=مینا; Niloufar|Nilufar=نیلوفر; Atefeh|Atefe=عاطفه; Hoda|Huda=هدی; Tahereh|Tahera=طاهره
`);
const IRAN_FAMILY = parse(`
Hosseini|Husseini=حسینی; Mohammadi|Mohamadi=محمدی; Ahmadi|Ahmady=احمدی; Rezaei|Rezaee|Rezai=رضایی
Moradi|Morady=مرادی; Karimi|Karimy=کریمی; Jafari|Jafary|Djafari=جعفری; Rahimi|Rahimy=رحیمی
Hashemi|Hashimi=هاشمی; Sadeghi|Sadeqi=صادقی; Mousavi|Musavi|Moosavi=موسوی; Heidari|Haidari|Heydari=حیدری
Ghasemi|Qasemi|Ghassemi=قاسمی; Alizadeh|Alizade=علیزاده; Ebrahimi|Ibrahimi=ابراهیمی; Kazemi|Kazimi=کاظمی
Ranjbar|Randjbar=رنجبر; Salehi|Salehy=صالحی; Bagheri|Baqeri=باقری; Najafi|Nadjafi=نجفی; Amiri|Amiry=امیری
Soltani|Sultani=سلطانی; Zamani|Zamany=زمانی; Ghorbani|Qorbani=قربانی; Rostami|Rustami=رستمی
Akbari|Akbary=اکبری; Azizi|Azizy=عزیزی; Shahbazi|Shahbazy=شهبازی
`);

const AFGHAN_MALE = parse(`
Mohammad|Muhammad|Mohammed=محمد; Ahmad|Ahmed=احمد; Ali|Aly=علی; Mahmood|Mahmud=محمود; Mustafa|Mostafa=مصطفی
Ahmad Shah|Ahmadshah=احمد شاه; Rahmatullah|Rahmat Ullah|Rahmatulla=رحمت الله; Hamid|Hameed=حمید
Najibullah|Najib Ullah|Najibulla=نجیب الله; Sayed|Sayyid|Said=سید; Karim|Kareem=کریم; Rahim|Raheem=رحیم
Zabihullah|Zabiullah|Zabi Ullah=ذبیح الله; Ismail|Esmail=اسماعیل; Nasir|Naser=ناصر; Shafiq|Shafeeq=شفیق
Farid|Fareed=فرید; Wahid|Waheed=وحید; Jawad|Javad=جواد; Bilal|Belal=بلال; Hamed|Hamid=حامد; Omid|Umid=امید
Sohrab|Suhrab=سهراب; Aziz|Azeez=عزیز; Jamshid|Jamsheed=جمشید; Rashid|Rasheed=رشید; Naweed|Navid|Nawid=نوید
Habib|Habeeb=حبیب; Sharif|Shareef=شریف; Qasim|Ghasem=قاسم; Murtaza|Morteza=مرتضی; Wali|Vali=ولی
Samiullah|Sami Ullah=سمیع الله; Asadullah|Asad Ullah=اسدالله; Mirwais|Mir Wais=میرویس; Gul Ahmad|Gulahmad=گل احمد
`);
const AFGHAN_FEMALE = parse(`
Fatima|Fatema|Fatemeh=فاطمه; Zahra|Zahraa=زهرا; Maryam|Mariam=مریم; Masooma|Masuma|Masoumeh=معصومه
Zainab|Zeinab=زینب; Shakila|Shakeela=شکیلا; Nazia|Naziya=نازیه; Farzana|Farzaneh=فرزانه; Fariba|Fareeba=فریبا
Gulalai|Gulalay=گلالی; Mursal|Morsal=مرسل; Malalai|Malalay=ملالی; Parwana|Parvaneh=پروانه
Nilofar|Niloufar=نیلوفر; Sima|Seema=سیما; Roya|Roia=رویا; Tahmina|Tahmineh=تهمینه; Marzia|Marziyeh=مرضیه
Sediqa|Sadiqa|Seddiqa=صدیقه; Latifa|Latifeh=لطیفه; Nargis|Narges=نرگس; Habiba|Habibeh=حبیبه
Shabnam|Shabnum=شبنم; Khadija|Khadijeh=خدیجه; Sakina|Sakineh=سکینه
`);
const AFGHAN_FAMILY = parse(`
Ahmadi|Ahmady=احمدی; Mohammadi|Mohamadi=محمدی; Rahimi|Rahimy=رحیمی; Hashimi|Hashemi=هاشمی; Noori|Nouri|Nuri=نوری
Rahmani|Rahmany=رحمانی; Sultani|Soltani=سلطانی; Hussaini|Hosseini=حسینی; Karimi|Karimy=کریمی; Hakimi|Hakimy=حکیمی
Safi|Saafi=صافی; Popal|Popall=پوپل; Ahmadzai|Ahmadzay=احمدزی; Stanikzai|Stanekzai=ستانکزی; Hotak|Hotaki=هوتک
Durrani|Durani=درانی; Wardak|Wardag=وردک; Mohmand|Momand=مهمند; Amiri|Amiry=امیری; Azizi|Azizy=عزیزی
Jalali|Djalali=جلالی; Haidari|Heydari=حیدری; Sadat|Saadat=سادات; Qaderi|Qadiri=قادری; Niazi|Nyazi=نیازی
Yousufzai|Yusufzai=یوسفزی; Nazari|Nazary=نظری; Sharifi|Sharify=شریفی; Faizi|Faizy=فیضی; Rasuli|Rasooli=رسولی
`);

const PAKISTAN_MALE = parse(`
Muhammad|Mohammad|Mohammed=محمد; Ali|Aly=علی; Ahmed|Ahmad=احمد; Usman|Osman|Othman=عثمان; Bilal|Belal=بلال
Imran|Emran=عمران; Asif|Aasif=آصف; Kamran|Kamraan=کامران; Zeeshan|Zishan=ذیشان; Hamza|Hamzah=حمزہ
Faisal|Faysal=فیصل; Tariq|Tarik=طارق; Waqas|Waqqas=وقاص; Shahid|Shahed=شاہد; Adnan|Adnaan=عدنان
Arslan|Arsalan=ارسلان; Naveed|Navid=نوید; Sajid|Sajed=ساجد; Iqbal|Ikbal=اقبال; Abdullah|Abdulla=عبداللہ
Umar|Omar=عمر; Hassan|Hasan=حسن; Zahid|Zaheed=زاہد; Irfan|Erfan=عرفان; Junaid|Junaed=جنید
Rizwan|Rezwan=رضوان; Kashif|Kasheef=کاشف; Nadeem|Nadim=ندیم; Yasir|Yasser=یاسر; Shahzad|Shehzad=شہزاد
`);
const PAKISTAN_FEMALE = parse(`
Ayesha|Aisha=عائشہ; Fatima|Fatimah=فاطمہ; Sana|Sanaa=ثنا; Hina|Heena=حنا; Amna|Amina=آمنہ; Saima|Sayma=صائمہ
Nazia|Naziya=نازیہ; Rabia|Rabiya=رابعہ; Mehwish|Mahwish=مہوش; Sadia|Saadia=سعدیہ; Bushra|Boushra=بشری
Asma|Asmaa=اسماء; Kiran|Kiren=کرن; Shazia|Shazya=شازیہ; Naila|Naela=نائلہ; Uzma|Ozma=عظمی
Farah|Fara=فرح; Zainab|Zeinab=زینب; Maryam|Mariam=مریم; Khadija|Khadijah=خدیجہ
`);
const PAKISTAN_FAMILY = parse(`
Khan|Khaan=خان; Ahmed|Ahmad=احمد; Ali|Aly=علی; Hussain|Hussein=حسین; Malik|Malick=ملک; Butt|Bhatt=بٹ
Chaudhry|Chaudhary|Choudhry=چوہدری; Qureshi|Kureshi=قریشی; Shah|Shaah=شاہ; Iqbal|Ikbal=اقبال
Akhtar|Akhter=اختر; Raza|Reza=رضا; Javed|Jawed=جاوید; Mahmood|Mehmood=محمود; Aslam|Aslaam=اسلم
Rana|Raana=رانا; Sheikh|Shaikh=شیخ; Abbasi|Abbassi=عباسی; Siddiqui|Siddiqi=صدیقی; Mirza|Merza=مرزا
Awan|Awaan=اعوان; Bajwa|Bajwah=باجوہ; Anwar|Anwer=انور; Riaz|Riyaz=ریاض; Nawaz|Navaz=نواز
Hayat|Hayaat=حیات; Baig|Beg=بیگ; Ashraf|Ashrafi=اشرف
`);

// Bangladesh: Bengali script; men's names often begin with Md.
const BANGLA_MALE = parse(`
Rahim|Raheem=রহিম; Karim|Kareem=করিম; Hasan|Hassan=হাসান; Hossain|Hussain|Hosen=হোসেন; Rahman|Rehman=রহমান
Rafiqul|Rafikul=রফিকুল; Shahidul|Shahidool=শহিদুল; Aminul|Aminool=আমিনুল; Jahangir|Jahangeer=জাহাঙ্গীর
Alamgir|Alamgeer=আলমগীর; Kamal|Kamaal=কামাল; Jamal|Jamaal=জামাল; Sumon|Shumon=সুমন; Rasel|Russel=রাসেল
Rubel|Rubell=রুবেল; Sohel|Shohel=সোহেল; Mamun|Mamoon=মামুন; Habib|Habeeb=হাবিব; Shafiq|Shofiq=শফিক
Nazmul|Nazmool=নাজমুল; Anwar|Anowar=আনোয়ার; Masud|Masood=মাসুদ; Faruk|Farooq=ফারুক; Imran|Emran=ইমরান
Sajib|Shajib=সজীব; Arif|Aarif=আরিফ; Mizanur|Mizan=মিজানুর; Saiful|Shaiful=সাইফুল; Rakib|Rakeeb=রাকিব
`);
const BANGLA_FEMALE = parse(`
Fatema|Fatima=ফাতেমা; Nasrin|Nasreen=নাসরিন; Taslima|Tasleema=তাসলিমা; Shahana|Shahanaa=শাহানা
Rokeya|Rukaiya=রোকেয়া; Salma|Selma=সালমা; Sumaiya|Sumaya=সুমাইয়া; Ayesha|Aisha=আয়েশা; Rehana|Rahana=রেহানা
Sharmin|Sharmeen=শারমিন; Farzana|Farjana=ফারজানা; Jannatul|Jannat=জান্নাতুল; Mousumi|Moushumi=মৌসুমী
Shirin|Shireen=শিরিন; Parvin|Parveen=পারভীন; Khadija|Khadeeja=খাদিজা; Runa|Roona=রুনা; Nusrat|Nushrat=নুসরাত
`);
const BANGLA_FAMILY = parse(`
Islam|Eslam=ইসলাম; Rahman|Rehman=রহমান; Hossain|Hussain=হোসেন; Ahmed|Ahmad=আহমেদ; Uddin|Uddeen=উদ্দিন
Mia|Miah=মিয়া; Sarkar|Sarker=সরকার; Chowdhury|Choudhury=চৌধুরী; Sheikh|Shaikh=শেখ; Khan|Khaan=খান
Alam|Aalam=আলম; Haque|Hoque|Haq=হক; f:Akter|Akhter|Aktar=আক্তার; f:Begum|Begam=বেগম; f:Khatun|Khatoon=খাতুন
Molla|Mollah=মোল্লা; Talukder|Talukdar=তালুকদার; Bhuiyan|Bhuyan=ভূঁইয়া; Biswas|Bishwas=বিশ্বাস; Das|Dass=দাস
`);

// ---------------------------------------------------------------------------------------------
// Ethiopic (Eritrea, Tigrinya): own name, father's name, often grandfather's name.

const ERITREA_MALE = parse(`
Tesfay|Tesfaye|Tesfai=ተስፋይ; Yohannes|Yohanes|Johannes=ዮሃንስ; Haile|Hayle=ሃይለ; Dawit|Dawet=ዳዊት
Filmon|Philmon=ፊልሞን; Amanuel|Emmanuel|Amanual=ኣማኑኤል; Berhane|Birhane|Berhan=ብርሃነ; Tekle|Teklay=ተኽለ
Mehari|Mehary=መሓሪ; Kidane|Kidan=ኪዳነ; Semere|Semer=ሰመረ; Mussie|Musie=ሙሴ; Daniel|Danieel=ዳንኤል
Yonas|Jonas=ዮናስ; Robel|Rubel=ሮቤል; Habtom|Habtem=ሃብቶም; Ghirmay|Girmay|Ghirmai=ግርማይ; Tsegay|Tsegai=ጸጋይ
Mulugeta|Mulugheta=ሙሉጌታ; Goitom|Goytom=ጎይቶም; Abraham|Abrham=ኣብርሃም; Michael|Mikael=ሚካኤል
Efrem|Ephrem=ኤፍሬም; Solomon|Selomon=ሰሎሞን; Biniam|Biniyam|Binyam=ቢንያም; Kibrom|Kbrom=ክብሮም
Hagos|Haggos=ሓጎስ; Weldu|Woldu=ወልዱ; Negash|Negassi=ነጋሽ; Yemane|Yemani=የማነ
`);
const ERITREA_FEMALE = parse(`
Selam|Salam=ሰላም; Saba|Sabba=ሳባ; Helen|Hellen=ሄለን; Luwam|Luam=ሉዋም; Freweini|Frewoini=ፍረወይኒ
Senait|Senayt=ሰናይት; Tsega|Tsegga=ጸጋ; Yordanos|Yordanus=ዮርዳኖስ; Rahel|Rachel=ራሄል; Meron|Meroon=ሜሮን
Elsa|Elssa=ኤልሳ; Mebrat|Mebrahit=መብራት; Aster|Astier=ኣስቴር; Almaz|Almas=ኣልማዝ; Winta|Wintana=ዊንታ
Semhar|Semhare=ሰምሃር; Ruta|Ruth=ሩታ; Eden|Edden=ኤደን; Delina|Delena=ደሊና; Mihret|Mehret=ምሕረት
Tirhas|Terhas=ትርሓስ; Abeba|Abebba=ኣበባ
`);
const ERITREA_FAMILY = parse(`
Gebremedhin|Ghebremedhin|Gebre Medhin=ገብረመድህን; Gebremichael|Gebre Michael=ገብረሚካኤል
Tesfamariam|Tesfa Mariam=ተስፋማርያም; Habte|Habtay=ሃብተ; Weldemariam|Woldemariam|Wolde Mariam=ወልደማርያም
Asmelash|Asmelas=ኣስመላሽ; Ghebreyesus|Gebreyesus=ገብረየሱስ; Tewelde|Teuelde=ተወልደ; Zerai|Zeray=ዘርኣይ
Andemariam|Andemaryam=ኣንደማርያም; Gebrehiwet|Ghebrehiwet=ገብረሕይወት; Okbay|Okubay=ዑቕባይ; Fesehaye|Fesseha=ፍስሃየ
`);

// ---------------------------------------------------------------------------------------------
// Latin script only: Somali (Somali orthography, or English spelling), Nigeria, DR Congo, Türkiye;
// Ukraine (Cyrillic, passport transliteration, older Russian-based and German spellings).

const SOMALI_MALE = parse(`
Mohamed|Maxamed|Mohammed|Mahamed; Abdi|Cabdi; Ahmed|Axmed; Hassan|Xasan|Hasan; Ali|Cali; Abdirahman|Cabdiraxmaan|Abdurahman
Abdullahi|Cabdullaahi|Abdulahi; Omar|Cumar; Ibrahim|Ibraahim; Yusuf|Yuusuf; Ismail|Ismaaciil; Hussein|Xuseen|Husein
Osman|Cismaan; Mohamud|Maxamuud|Mahmoud; Abdikarim|Cabdikariim; Abdiaziz|Cabdicasiis; Farah|Faarax; Jama|Jaamac
Warsame|Warsami; Nur|Nuur; Aden|Aadan; Hersi|Xirsi; Dahir|Daahir; Mukhtar|Mukhtaar; Yasin|Yaasiin; Said|Siciid
`);
const SOMALI_FEMALE = parse(`
Fadumo|Faadumo|Fatuma; Amina|Aamina; Hodan|Hoodan; Sahra|Saxra|Sahara; Asha|Caasha|Aisha; Halima|Xaliimo|Halimo
Khadija|Khadiijo|Hadija; Maryan|Maryam|Mariam; Ayan|Ayaan; Hawa|Xaawo|Hawo; Ifrah|Ifraax; Nasra|Nasro; Sagal|Saagal
Farhiya|Farxiya; Deeqa|Deqa; Ubah|Ubax; Hibo|Hibaaq; Nimco|Nimo; Ilhan|Ilhaan; Suad|Sucaad
`);

const NIGERIA_MALE = parse(`
Emmanuel|Emanuel; Chukwuemeka|Chukwu Emeka; Oluwaseun|Oluwasheun; Ibrahim|Ibraheem; Musa|Moussa; Abubakar|Abubakr|Aboubakar
Samuel|Samual; David|Davide; Chinedu|Chinedum; Uchenna|Uchena; Babatunde|Tunde; Adebayo|Adebayor; Olumide|Olumidé
Ifeanyi|Ifeanyichukwu; Kelechi|Kelachi; Aliyu|Aliu; Usman|Othman; Yusuf|Yusufu; Godwin|Godwyn; Victor|Viktor
Daniel|Danièl; Peter|Pita; John|Jon; Sunday|Sundey; Friday|Fryday
`);
const NIGERIA_FEMALE = parse(`
Blessing|Blessin; Joy|Joi; Precious|Precius; Favour|Favor; Chioma|Chiomma; Ngozi|Ngozy; Amarachi|Amara
Aisha|Aishat|Aishatu; Fatima|Fatimah; Hauwa|Hawa; Zainab|Zainabu; Funmilayo|Funmilola; Oluwakemi|Kemi
Adaeze|Adaze; Chiamaka|Chiamakka; Esther|Ester; Mercy|Mercie; Grace|Gracy; Patience|Pacience; Comfort|Komfort
`);
const NIGERIA_FAMILY = parse(`
Okafor|Okafo; Okonkwo|Okonko; Eze|Ezeh; Nwosu|Nwosuh; Obi|Obih; Adeyemi|Adeyeemi; Ogunleye|Ogunleyi; Balogun|Balogoun
Bello|Belo; Abubakar|Abubakr; Ibrahim|Ibraheem; Mohammed|Muhammed; Musa|Moussa; Okoro|Okorro; Chukwu|Chukwuh
Olawale|Olawalé; Adewale|Adewalé; Igwe|Igweh; Ugwu|Ugwuh; Onyeka|Onyekah; Yakubu|Yakubou; Danjuma|Danjouma
Ekwueme|Ekweme; Uzor|Uzoh
`);

const CONGO_MALE = parse(`
Jean-Claude|Jean Claude|Jeanclaude; Patrick|Patric; Christian|Kristian; Joseph|Josef; Emmanuel|Emanuel; Pierre|Piere
Jacques|Jaques; Fiston|Fistone; Trésor|Tresor; Glody|Glodi; Héritier|Heritier; Dieudonné|Dieudonne; Blaise|Blaize
Arsène|Arsene; Serge|Sergé; Ghislain|Guylain; Papy|Papi; Junior|Junor; Prince|Prinse; Christophe|Kristof
`);
const CONGO_FEMALE = parse(`
Marie|Mari; Grâce|Grace; Merveille|Merveilles; Nathalie|Natalie; Esther|Ester; Sarah|Sara; Ruth|Rut
Bénédicte|Benedicte; Rachel|Rachelle; Cécile|Cecile; Chantal|Shantal; Mireille|Mireil; Jeanne|Jeane
Clarisse|Clarise; Françoise|Francoise; Naomie|Noemie|Naomi; Divine|Divina; Gloire|Gloria; Falone|Fallone
`);
const CONGO_FAMILY = parse(`
Mbuyi|Mbuyie; Tshibangu|Chibangu; Mukendi|Moukendi; Ilunga|Ilounga; Kabamba|Kabambah; Lukusa|Loukoussa
Nsimba|Nsiimba; Makiese|Makiesse; Kalonji|Kalonzi; Kasongo|Kassongo; Mutombo|Moutombo; Kabongo|Kabongho
Ngoy|Ngoie; Mwamba|Mwambah; Kazadi|Kazaadi; Mulumba|Muloumba; Nzuzi|Nzouzi; Matondo|Matondoh; Mbala|Mbalah
Lokondo|Lokhondo; Tshimanga|Chimanga; Mpia|Mpiya; Kanku|Kankou; Ntumba|Ntoumba; Kitenge|Kitengue
`);

const UKRAINE_MALE = parse(`
Oleksandr|Olexandr|Aleksandr=Олександр; Andrii|Andriy|Andrey=Андрій; Dmytro|Dmitro|Dmitriy=Дмитро
Serhii|Serhiy|Sergey=Сергій; Ivan|Iwan=Іван; Mykhailo|Mykhaylo|Mikhail=Михайло; Volodymyr|Wolodymyr|Vladimir=Володимир
Yurii|Yuriy|Jurij=Юрій; Maksym|Maksim|Maxim=Максим; Oleh|Oleg=Олег; Vasyl|Wasyl|Vasiliy=Василь; Viktor|Wiktor=Віктор
Mykola|Mikola|Nikolai=Микола; Petro|Petr=Петро; Taras|Tarass=Тарас; Bohdan|Bogdan=Богдан; Artem|Artiom|Artyom=Артем
Denys|Denis=Денис; Roman|Romann=Роман; Ihor|Igor=Ігор; Yevhen|Yevgen|Evgeny=Євген; Vitalii|Vitaliy|Vitaly=Віталій
Anatolii|Anatoliy=Анатолій; Kyrylo|Kirill=Кирило
`);
const UKRAINE_FEMALE = parse(`
Olena|Elena=Олена; Nataliia|Natalia|Nataliya=Наталія; Iryna|Irina=Ірина; Tetiana|Tetyana|Tatiana=Тетяна
Oksana|Oxana=Оксана; Yuliia|Yulia|Iuliia=Юлія; Mariia|Maria=Марія; Anna|Hanna=Анна; Svitlana|Svetlana=Світлана
Kateryna|Katerina|Ekaterina=Катерина; Liudmyla|Lyudmyla|Ludmila=Людмила; Halyna|Galina|Halina=Галина
Viktoriia|Viktoria|Victoria=Вікторія; Anastasiia|Anastasia|Anastasiya=Анастасія; Dariia|Daria|Darya=Дарія
Sofiia|Sofia|Sophia=Софія; Valentyna|Valentina=Валентина; Larysa|Larisa=Лариса; Inna|Ina=Інна; Alina|Alena=Аліна
`);
const UKRAINE_FAMILY = parse(`
Shevchenko|Schewtschenko|Chevtchenko=Шевченко; Kovalenko|Kowalenko=Коваленко; Bondarenko|Bondarenco=Бондаренко
Tkachenko|Tkatschenko=Ткаченко; Kravchenko|Krawtschenko=Кравченко; Melnyk|Melnik=Мельник; Boiko|Boyko|Bojko=Бойко
Koval|Kowal=Коваль; Oliinyk|Oliynyk|Olejnik=Олійник; Shevchuk|Schewtschuk=Шевчук; Polishchuk|Polischuk=Поліщук
Savchenko|Sawtschenko=Савченко; Rudenko|Rudenco=Руденко; Moroz|Moros=Мороз; Lysenko|Lisenko=Лисенко
Marchenko|Martschenko=Марченко; Petrenko|Petrenco=Петренко; Klymenko|Klimenko=Клименко; Pavlenko|Pawlenko=Павленко
Savchuk|Sawtschuk=Савчук; Kuzmenko|Kusmenko=Кузьменко; Levchenko|Lewtschenko=Левченко; Ponomarenko|Ponomarenco=Пономаренко
Tkachuk|Tkatschuk=Ткачук; Hrytsenko|Gritsenko=Гриценко; Kovalchuk|Kowaltschuk=Ковальчук; Romaniuk|Romanyuk=Романюк
Yaremchuk|Jaremtschuk=Яремчук; Moskalenko|Moskalenco=Москаленко; Zinchenko|Sintschenko=Зінченко
`);

const TURKEY_MALE = parse(`
Mehmet|Mehmed|Muhammet; Mustafa|Moustafa; Ahmet|Ahmed; Ali|Aly; Hüseyin|Huseyin|Hussein; Hasan|Hassan
İbrahim|Ibrahim; Murat|Murad; Emre|Emreh; Yusuf|Jusuf; Ömer|Omer; Ramazan|Ramadan; Osman|Othman; Halil|Khalil
Süleyman|Suleyman; Abdullah|Abdulla; Mahmut|Mahmud; Recep|Redjep; Kemal|Kamal; Burak|Buraq; Serkan|Serkhan
Fatih|Fateh; Hakan|Haakan; Kadir|Qadir; Orhan|Orkhan; Yasin|Yassin; Baran|Baaran; Welat|Velat; Şahin|Sahin
`);
const TURKEY_FEMALE = parse(`
Ayşe|Ayse|Aysha; Fatma|Fatima; Emine|Amina; Hatice|Hatidje; Zeynep|Zeinep; Elif|Eliff; Meryem|Meriem
Şerife|Serife; Sultan|Soultan; Hanife|Hanifa; Zehra|Zahra; Havva|Hava; Esra|Esraa; Büşra|Busra; Merve|Merwe
Songül|Songul; Gülsüm|Gulsum; Rojda|Rojdah; Berfin|Berfine; Dilan|Dilane; Leyla|Leila
`);
const TURKEY_FAMILY = parse(`
Yılmaz|Yilmaz|Jilmas; Kaya|Kaja; Demir|Demirr; Şahin|Sahin; Çelik|Celik|Tschelik; Yıldız|Yildiz
Yıldırım|Yildirim; Öztürk|Ozturk|Oeztuerk; Aydın|Aydin; Özdemir|Ozdemir; Arslan|Arsslan; Doğan|Dogan
Kılıç|Kilic; Aslan|Asslan; Çetin|Cetin; Kara|Karra; Koç|Koc; Kurt|Kurd; Özkan|Ozkan; Şimşek|Simsek
Polat|Pollat; Erdoğan|Erdogan; Güneş|Gunes; Tekin|Tekinn; Acar|Adjar; Aktaş|Aktas; Bulut|Boulout; Keskin|Keskinn
`);

export const TRADITIONS: Readonly<Record<NamingGroup, NamingTradition>> = {
  levant: { script: 'Arab', male: LEVANT_MALE, female: LEVANT_FEMALE, family: LEVANT_FAMILY, middle: { share: 0.35, from: 'male' } },
  iraq: { script: 'Arab', male: IRAQ_MALE, female: IRAQ_FEMALE, family: IRAQ_FAMILY, middle: { share: 0.7, from: 'male' } },
  egypt: { script: 'Arab', male: EGYPT_MALE, female: EGYPT_FEMALE, family: [...EGYPT_FAMILY, ...EGYPT_MALE], middle: { share: 0.8, from: 'male' } },
  sudan: { script: 'Arab', male: SUDAN_MALE, female: SUDAN_FEMALE, family: [...SUDAN_MALE, ...SUDAN_FAMILY], middle: { share: 0.9, from: 'male' } },
  maghreb: { script: 'Arab', male: MAGHREB_MALE, female: MAGHREB_FEMALE, family: MAGHREB_FAMILY },
  iran: { script: 'Arab', male: IRAN_MALE, female: IRAN_FEMALE, family: IRAN_FAMILY },
  afghan: { script: 'Arab', male: AFGHAN_MALE, female: AFGHAN_FEMALE, family: [...AFGHAN_FAMILY, ...AFGHAN_MALE.slice(0, 12)] },
  pakistan: { script: 'Arab', male: PAKISTAN_MALE, female: PAKISTAN_FEMALE, family: PAKISTAN_FAMILY },
  bangla: {
    script: 'Beng',
    male: BANGLA_MALE,
    female: BANGLA_FEMALE,
    family: BANGLA_FAMILY,
    malePrefix: { entry: { latin: ['Md.', 'Mohammad', 'Muhammad', 'Mohammed'], native: 'মোহাম্মদ' }, share: 0.45 },
  },
  eritrea: { script: 'Ethi', male: ERITREA_MALE, female: ERITREA_FEMALE, family: [...ERITREA_MALE, ...ERITREA_FAMILY], middle: { share: 0.9, from: 'male' } },
  somali: { script: 'Latn', male: SOMALI_MALE, female: SOMALI_FEMALE, family: SOMALI_MALE, middle: { share: 0.95, from: 'male' } },
  nigeria: { script: 'Latn', male: NIGERIA_MALE, female: NIGERIA_FEMALE, family: NIGERIA_FAMILY },
  congo: { script: 'Latn', male: CONGO_MALE, female: CONGO_FEMALE, family: CONGO_FAMILY, middle: { share: 0.5, from: 'family' } },
  ukraine: { script: 'Cyrl', male: UKRAINE_MALE, female: UKRAINE_FEMALE, family: UKRAINE_FAMILY },
  turkey: { script: 'Latn', male: TURKEY_MALE, female: TURKEY_FEMALE, family: TURKEY_FAMILY },
};
