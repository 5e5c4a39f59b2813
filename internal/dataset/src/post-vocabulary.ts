/**
 * The words simulated posts are made of, per topic and language (English and Russian), and the
 * pieces every topic shares: one-liners, fillers, calls to action, link and handle parts, emoji.
 *
 * Ordinary words never contain a cue word of text-effects.ts (a marker such as "exclusive" or
 * "срочно", a call to share, react or comment): the cues reach a text only where post-texts.ts
 * puts them, so the engagement they cause is exactly the documented story. text-effects.test.ts
 * checks this on every list here.
 */

export type TopicName = 'news' | 'tech' | 'crypto' | 'lifestyle' | 'sport' | 'personal';
export type Language = 'en' | 'ru';

/** One language's words for a topic. A sentence is `${lead} ${object} ${tail}.` */
export interface TopicWords {
  /** Subject and verb, agreeing: "The ministry announced", "Минфин объявил". */
  leads: readonly string[];
  /** What the lead acts on (Russian: accusative, so it also fits after "про"). */
  objects: readonly string[];
  tails: readonly string[];
  /** Questions with `{o}` for an object. */
  questions: readonly string[];
  prizes: readonly string[];
  hashtags: readonly string[];
  /** Lines of a list post. */
  listItems: readonly string[];
  /** Headline patterns with `{o}` for an object. */
  headlines: readonly string[];
}

export interface Topic {
  name: TopicName;
  /** Channel titles in English (drawn by every channel) and in Russian (used by Russian-language channels). */
  titleWords: readonly string[];
  titleWordsRu: readonly string[];
  emoji: readonly string[];
  /** Sites its links point to. */
  domains: readonly string[];
  /** English words Russian authors of the topic drop into their sentences (code-mixing, as in dona134). */
  loanwords: readonly string[];
  words: Record<Language, TopicWords>;
}

export const TOPICS: readonly Topic[] = [
  {
    name: 'news',
    titleWords: ['Daily Brief', 'Newsroom', 'Headlines', 'City Wire', 'The Morning Desk'],
    titleWordsRu: ['Сводка дня', 'Новости города', 'Утренний выпуск', 'Главное', 'Лента'],
    emoji: ['📰', '⚡', '📌', '🗞️', '🏛️'],
    domains: ['reuters.com', 'bbc.com', 'rbc.ru', 'meduza.io', 'kommersant.ru'],
    loanwords: ['fake news', 'update', 'deep dive', 'fact-check', 'live'],
    words: {
      en: {
        leads: ['The city council announced', 'The ministry confirmed', 'Officials denied', 'The central bank approved', 'Local police reported', 'Parliament postponed'],
        objects: ['a new budget plan', 'the transport reform', 'higher fuel prices', 'the election results', 'new border rules', 'a school funding package'],
        tails: ['according to sources', 'earlier today', 'this morning', 'after a long debate', 'late on Friday'],
        questions: ['What do you think about {o}?', 'Will {o} change anything for you?', 'Who should pay for {o}?'],
        prizes: ['a year of premium access', 'two concert tickets', 'a signed book'],
        hashtags: ['#news', '#politics', '#city', '#economy'],
        listItems: ['fuel prices go up on Monday', 'buses run on the weekend schedule', 'the bridge stays closed until May', 'schools get new funding', 'taxes do not change this year'],
        headlines: ['{o}: what we know', 'About {o}', 'Update on {o}', 'Why {o} matters'],
      },
      ru: {
        leads: ['Мэрия объявила', 'Министерство подтвердило', 'Чиновники опровергли', 'Центробанк одобрил', 'Полиция сообщила про', 'Парламент отложил'],
        objects: ['новый бюджет', 'транспортную реформу', 'рост цен на топливо', 'итоги выборов', 'новые правила въезда', 'пакет финансирования школ'],
        tails: ['по данным источников', 'сегодня утром', 'после долгих споров', 'поздно вечером в пятницу', 'на закрытом заседании'],
        questions: ['Что думаете про {o}?', 'Заметите ли вы на себе {o}?', 'Кто должен платить за {o}?'],
        prizes: ['годовую подписку', 'два билета на концерт', 'книгу с автографом'],
        hashtags: ['#новости', '#политика', '#город', '#экономика'],
        listItems: ['цены на топливо вырастут с понедельника', 'автобусы ходят по расписанию выходного дня', 'мост закрыт до мая', 'школы получат новое финансирование', 'налоги в этом году не меняются'],
        headlines: ['Про {o}: что известно', 'Коротко про {o}', 'Главное про {o}', 'Почему важно смотреть на {o}'],
      },
    },
  },
  {
    name: 'tech',
    titleWords: ['Dev Notes', 'Gadget Lab', 'Code & Coffee', 'Tech Radar', 'Byte Digest'],
    titleWordsRu: ['Заметки разработчика', 'Гаджеты', 'Код и кофе', 'Техрадар', 'Байт'],
    emoji: ['💻', '🚀', '🤖', '👨‍💻', '⚙️', '🧑‍💻'],
    domains: ['github.com', 'habr.com', 'news.ycombinator.com', 'arxiv.org', 'dev.to'],
    loanwords: ['pull request', 'deadline', 'open source', 'feature', 'code review', 'benchmark'],
    words: {
      en: {
        leads: ['Apple released', 'Google open-sourced', 'A small startup benchmarked', 'The open source community shipped', 'Our team rewrote', 'Researchers previewed'],
        objects: ['a faster compiler', 'a new phone', 'the beta of its editor', 'a local language model', 'a tiny database', 'a better battery'],
        tails: ['and the numbers look good', 'for all platforms', 'with a free tier', 'after months of work', 'in Rust'],
        questions: ['Would you switch to {o}?', 'Have you tried {o} yet?', 'Is {o} worth the hype?'],
        prizes: ['a mechanical keyboard', 'a pair of earbuds', 'a cloud credit voucher'],
        hashtags: ['#tech', '#dev', '#gadgets', '#ai', '#rust'],
        listItems: ['builds are 40% faster', 'the binary is 12 MB smaller', 'it runs on ARM and x86', 'the API stays compatible', 'docs are finally up to date'],
        headlines: ['{o}, tested', 'First look at {o}', 'We tried {o}', 'Notes on {o}'],
      },
      ru: {
        leads: ['Apple выпустила', 'Google открыла код', 'Небольшой стартап протестировал', 'Сообщество выкатило', 'Наша команда переписала', 'Исследователи показали'],
        objects: ['быстрый компилятор', 'новый смартфон', 'бету своего редактора', 'локальную языковую модель', 'крошечную базу данных', 'батарею получше'],
        tails: ['и цифры выглядят хорошо', 'для всех платформ', 'с бесплатным тарифом', 'после месяцев работы', 'на Rust'],
        questions: ['Перешли бы на {o}?', 'Кто уже пробовал {o}?', 'Ждали {o}?'],
        prizes: ['механическую клавиатуру', 'беспроводные наушники', 'сертификат на облако'],
        hashtags: ['#технологии', '#разработка', '#гаджеты', '#ии', '#rust'],
        listItems: ['сборка быстрее на 40%', 'бинарник меньше на 12 МБ', 'работает на ARM и x86', 'API осталось совместимым', 'документацию наконец обновили'],
        headlines: ['Тестируем {o}', 'Первый взгляд на {o}', 'Мы попробовали {o}', 'Заметки про {o}'],
      },
    },
  },
  {
    name: 'crypto',
    titleWords: ['Crypto Pulse', 'Chain Signals', 'Token Talk', 'DeFi Daily', 'Satoshi Street'],
    titleWordsRu: ['Крипто пульс', 'Сигналы блокчейна', 'Токеномика', 'DeFi каждый день', 'Улица Сатоши'],
    emoji: ['📈', '📉', '🚀', '💎', '🐋', '💰'],
    domains: ['coinmarketcap.com', 'tradingview.com', 'etherscan.io', 'coindesk.com', 'forklog.com'],
    loanwords: ['to the moon', 'HODL', 'bull run', 'pump', 'stablecoin', 'airdrop'],
    words: {
      en: {
        leads: ['Bitcoin jumped past', 'Ethereum dropped below', 'A major exchange listed', 'Whales accumulated', 'The SEC delayed', 'A new token tested'],
        objects: ['a key resistance level', 'the weekly high', 'a staking program', 'the spot ETF decision', 'a layer two bridge', 'the halving target'],
        tails: ['overnight', 'on record volume', 'as funding rates cooled', 'ahead of the Fed meeting', 'in Asian trading'],
        questions: ['Are you buying {o}?', 'Bullish or bearish on {o}?', 'Where does {o} go next?'],
        prizes: ['0.01 BTC', 'a hardware wallet', '100 USDT'],
        hashtags: ['#crypto', '#bitcoin', '#altcoins', '#defi', '#eth'],
        listItems: ['BTC at $67,400', 'ETH at $3,120', 'funding is neutral', 'open interest up 8%', 'volume 2x the weekly average'],
        headlines: ['{o}: the levels to watch', 'Market update: {o}', 'Chart of the day: {o}', 'On {o}'],
      },
      ru: {
        leads: ['Биткоин пробил', 'Эфир протестировал', 'Крупная биржа залистила', 'Киты скупили', 'SEC отложила', 'Новый токен обновил'],
        objects: ['ключевое сопротивление', 'недельный максимум', 'программу стейкинга', 'решение по спотовому ETF', 'мост второго уровня', 'цель халвинга'],
        tails: ['за ночь', 'на рекордных объёмах', 'пока ставки финансирования остывали', 'перед заседанием ФРС', 'на азиатской сессии'],
        questions: ['Покупаете {o}?', 'Лонг или шорт на {o}?', 'Куда пойдёт рынок, если учесть {o}?'],
        prizes: ['0.01 BTC', 'аппаратный кошелёк', '100 USDT'],
        hashtags: ['#крипта', '#биткоин', '#альткоины', '#defi', '#трейдинг'],
        listItems: ['BTC — $67 400', 'ETH — $3 120', 'фандинг нейтральный', 'открытый интерес +8%', 'объём в 2 раза выше среднего'],
        headlines: ['Смотрим на {o}', 'Обзор рынка: разбираем {o}', 'График дня: про {o}', 'Коротко про {o}'],
      },
    },
  },
  {
    name: 'lifestyle',
    titleWords: ['Slow Mornings', 'Home & Habit', 'Wellness Notes', 'Kitchen Diaries', 'Weekend Club'],
    titleWordsRu: ['Медленное утро', 'Дом и привычки', 'Заметки о здоровье', 'Кухонный дневник', 'Клуб выходного дня'],
    emoji: ['🌿', '☕', '💞', '✨', '🧘🏻', '🥗', '🧑‍🍳'],
    domains: ['youtube.com', 'pinterest.com', 'instagram.com', 'eda.ru', 'downdogapp.com'],
    loanwords: ['healthy-ish', 'go-to meals', 'self-care', 'meal prep', 'lifestyle changes', 'comfort food'],
    words: {
      en: {
        leads: ['I tried', 'My sister cooked', 'Our readers recommended', 'A nutritionist suggested', 'My trainer tested', 'We fell in love with'],
        objects: ['a five minute stretching routine', 'overnight oats', 'a tiny balcony garden', 'a screen-free evening', 'a cold shower habit', 'a new pasta recipe'],
        tails: ['and it changed my week', 'on a budget', 'with zero stress', 'for the whole family', 'before work'],
        questions: ['Would you try {o}?', 'What is your take on {o}?', 'How would you improve {o}?'],
        prizes: ['a cookbook', 'a yoga mat', 'a spa voucher'],
        hashtags: ['#lifestyle', '#wellness', '#recipes', '#yoga', '#snacks'],
        listItems: ['oats, milk and a spoon of yogurt', 'ten minutes of yoga a day', 'no sugar after 6 pm', 'a walk before breakfast', 'water before coffee'],
        headlines: ['My week with {o}', 'On {o}', 'Small habit: {o}', 'Recipe: {o}'],
      },
      ru: {
        leads: ['Я попробовала', 'Сестра приготовила', 'Наши читатели посоветовали', 'Нутрициолог предложил', 'Мой тренер проверил', 'Мы влюбились в'],
        objects: ['пятиминутную растяжку', 'ленивую овсянку', 'мини-огород на балконе', 'вечер без экранов', 'привычку холодного душа', 'новый рецепт пасты'],
        tails: ['и это изменило мою неделю', 'без лишних трат', 'без всякого стресса', 'для всей семьи', 'перед работой'],
        questions: ['Попробовали бы {o}?', 'Что думаете про {o}?', 'Как бы вы улучшили {o}?'],
        prizes: ['книгу рецептов', 'коврик для йоги', 'сертификат в спа'],
        hashtags: ['#рецепты', '#снэки', '#йога', '#пп', '#привычки'],
        listItems: ['овсянка, молоко и ложка йогурта', 'десять минут йоги в день', 'без сахара после шести', 'прогулка до завтрака', 'вода перед кофе'],
        headlines: ['Неделя, когда я попробовала {o}', 'Про {o}', 'Маленькая привычка: пробую {o}', 'Рецепт на каждый день: про {o}'],
      },
    },
  },
  {
    name: 'sport',
    titleWords: ['Match Day', 'Full Time', 'The Locker Room', 'Goal Line', 'Sports Desk'],
    titleWordsRu: ['День матча', 'Финальный свисток', 'Раздевалка', 'Линия ворот', 'Спорт сегодня'],
    emoji: ['⚽', '🏆', '🔥', '🏃‍♂️', '🥅', '🏟️'],
    domains: ['espn.com', 'sports.ru', 'championat.com', 'uefa.com', 'youtu.be'],
    loanwords: ['VAR', 'clean sheet', 'playoff', 'hat-trick', 'MVP'],
    words: {
      en: {
        leads: ['The coach praised', 'Our striker scored', 'The home team won', 'The club signed', 'The league suspended', 'Fans booed'],
        objects: ['a late winner', 'the derby', 'a new goalkeeper', 'the away fixture', 'a playoff spot', 'the referee decision'],
        tails: ['in front of a full stadium', 'after extra time', 'last night', 'despite the injuries', 'in the final minute'],
        questions: ['Who was the best player in {o}?', 'Was {o} deserved?', 'How will {o} affect the table?'],
        prizes: ['a signed jersey', 'two match tickets', 'a team scarf'],
        hashtags: ['#football', '#sport', '#matchday', '#derby'],
        listItems: ['2:1 at home', 'three wins in a row', 'a clean sheet for the keeper', 'next match on Sunday', 'two players out injured'],
        headlines: ['Match report: {o}', 'After {o}', 'Talking points: {o}', '{o} in numbers'],
      },
      ru: {
        leads: ['Тренер похвалил', 'Наш нападающий забил', 'Хозяева выиграли', 'Клуб подписал', 'Лига дисквалифицировала', 'Болельщики освистали'],
        objects: ['победный гол', 'дерби', 'нового вратаря', 'выездной матч', 'место в плей-офф', 'решение судьи'],
        tails: ['при полном стадионе', 'в дополнительное время', 'вчера вечером', 'несмотря на травмы', 'на последней минуте'],
        questions: ['Что скажете про {o}?', 'Справедливо ли оценили {o}?', 'Кто лучше всех отыграл за {o}?'],
        prizes: ['футболку с автографом', 'два билета на матч', 'шарф команды'],
        hashtags: ['#футбол', '#спорт', '#матч', '#дерби'],
        listItems: ['2:1 дома', 'три победы подряд', 'сухой матч вратаря', 'следующая игра в воскресенье', 'двое травмированы'],
        headlines: ['Разбираем {o}', 'После матча: про {o}', 'Главное про {o}', 'Цифры про {o}'],
      },
    },
  },
];

/** The personal regime's topic: a photo diary (never drawn by ordinary channels). */
export const PERSONAL_TOPIC: Topic = {
  name: 'personal',
  titleWords: ['Photo Diary', 'My Little World', 'Days and Walks', 'Snapshots', 'Notes from Home'],
  titleWordsRu: ['Фотодневник', 'Мой маленький мир', 'Дни и прогулки', 'Кадры', 'Заметки из дома'],
  emoji: ['📷', '🌸', '☀️', '💛', '🥲', '🥳', '🇮🇹', '🇰🇿', '🍝'],
  domains: ['instagram.com', 'youtu.be', 'pinterest.com', 'vk.com', 'maps.app.goo.gl'],
  loanwords: ['healthy-ish', 'vibe', 'weekend', 'go-to', 'mood', 'it’s a big no for me'],
  words: {
    en: {
      leads: ['I walked through', 'We found', 'I photographed', 'My friend and I visited', 'My mom finally saw', 'We spent the day at'],
      objects: ['the old harbour', 'a tiny café', 'the first snow', 'the flower market', 'a sunset over the river', 'my grandmother’s garden'],
      tails: ['today', 'this weekend', 'after work', 'with friends', 'in the rain'],
      questions: ['Have you ever been to {o}?', 'Do you like {o}?', 'Should I post more of {o}?'],
      prizes: ['a printed photo', 'a postcard', 'a calendar of my photos'],
      hashtags: ['#photo', '#diary', '#walks', '#milan'],
      listItems: ['coffee at the corner place', 'the long way home', 'one roll of film', 'pasta for dinner', 'early to bed'],
      headlines: ['Weekend: {o}', 'Diary: {o}', 'Little things: {o}', 'Today: {o}'],
    },
    ru: {
      leads: ['Я нашла', 'Мы нашли', 'Я сфотографировала', 'Мы с подругой посетили', 'Мама наконец увидела', 'Мы провели выходные, обходя'],
      objects: ['старую гавань', 'крошечное кафе', 'первый снег', 'цветочный рынок', 'закат над рекой', 'бабушкин сад'],
      tails: ['сегодня', 'на выходных', 'после работы', 'с друзьями', 'под дождём'],
      questions: ['Видели когда-нибудь {o}?', 'Любите {o}?', 'Выкладывать ещё про {o}?'],
      prizes: ['распечатанное фото', 'открытку', 'календарь с моими фото'],
      hashtags: ['#фото', '#дневник', '#прогулки', '#милан', '#гедза'],
      listItems: ['кофе в кафе на углу', 'длинная дорога домой', 'одна плёнка', 'паста на ужин', 'рано спать'],
      headlines: ['Выходные: смотрели на {o}', 'Дневник: нашла {o}', 'Мелочи про {o}', 'Сегодня видела {o}'],
    },
  },
};

export const TITLE_SUFFIXES = ['', ' Daily', ' Weekly', ' Club', ' Insider', ' Notes'];

/** Posts of a word or a few: greetings, reactions, teasers. A few end in "?" (a question). */
export const ONE_LINERS: Record<Language, readonly string[]> = {
  en: ['Wow', 'Soon', 'Finally!', 'Good morning', 'Big news', 'Thoughts?', 'Results are in', 'Weekend mood', 'Live now', 'Done', 'Ready?', 'Today', 'Yes', 'Mood'],
  ru: ['Огонь', 'Скоро', 'Наконец-то!', 'Доброе утро', 'Итоги', 'Мысли?', 'Вайб выходных', 'Эфир', 'Сделано', 'Готовы?', 'Сегодня', 'Да', 'Настроение', 'С новым годом всех'],
};

/** Neutral sentences that pad a body (no cue words: "share your thoughts" would be a call to comment). */
export const FILLERS: Record<Language, readonly string[]> = {
  en: ['More details below.', 'Here is what we know so far.', 'Thanks for reading.', 'We will keep you posted.', 'Stay tuned for updates.', 'Details are still coming in.', 'Long story short, it works.'],
  ru: ['Подробности ниже.', 'Вот что известно на данный момент.', 'Спасибо, что читаете.', 'Будем держать в курсе.', 'Следите за обновлениями.', 'Подробности уточняются.', 'Если коротко, то работает.'],
};

/** Calls to action; `{e}` is an emoji. text-effects.ts reads each kind back from its cue words. */
export const CALLS_TO_SHARE: Record<Language, readonly string[]> = {
  en: ['Share this with a friend who needs it.', 'Forward this to your team.', 'Repost if you agree.', 'Send this to someone who should see it.'],
  ru: ['Поделитесь с теми, кому это нужно.', 'Перешлите друзьям.', 'Сделайте репост, если согласны.', 'Отправьте это тому, кому пригодится.'],
};
export const CALLS_TO_REACT: Record<Language, readonly string[]> = {
  en: ['Put a {e} if you agree.', 'React with {e} if this helped.', 'Smash {e} if you want more.'],
  ru: ['Ставьте {e}, если согласны.', 'Жмите {e}, если хотите ещё.', 'Поставьте {e}, если было полезно.'],
};
export const CALLS_TO_COMMENT: Record<Language, readonly string[]> = {
  en: ['Tell us in the comments.', 'Share your thoughts in the comments.', 'Comment below.'],
  ru: ['Пишите в комментариях.', 'Делитесь мнением в комментариях.', 'Жду ваши комментарии.'],
};
/** A giveaway line, with `{p}` for the prize: it asks for comments too. */
export const GIVEAWAY_LINES: Record<Language, readonly string[]> = {
  en: ['Giveaway! Comment below to win {p}.', 'Our giveaway is open: leave a comment to win {p}.'],
  ru: ['Розыгрыш! Оставьте комментарий и выиграйте {p}.', 'Запускаем розыгрыш: {p} за комментарий под постом.'],
};

/** Marker prefixes, by marker (text-effects.ts: MARKERS). */
export const MARKER_PREFIXES: Record<'exclusive' | 'breaking' | 'reminder' | 'sponsored', Record<Language, readonly string[]>> = {
  exclusive: { en: ['Exclusive: ', 'EXCLUSIVE. '], ru: ['Эксклюзив: ', 'Эксклюзивно: '] },
  breaking: { en: ['BREAKING: ', 'Breaking: '], ru: ['СРОЧНО: ', 'Срочно: '] },
  reminder: { en: ['Reminder: '], ru: ['Напоминаем: ', 'Напоминание: '] },
  sponsored: { en: ['Sponsored: '], ru: ['Реклама. ', 'На правах рекламы: '] },
};
/** The short ad tag appended at the end. */
export const AD_TAGS: Record<Language, string> = { en: '#ad', ru: '#промо' };

/** How a link is introduced; `{u}` is the URL. */
export const LINK_LEADS: Record<Language, readonly string[]> = {
  en: ['Source: {u}', 'Read more: {u}', '{u}', '👉 {u}', 'Full version: {u}', 'Via {u}'],
  ru: ['Источник: {u}', 'Подробнее: {u}', '{u}', '👉 {u}', 'Полная версия: {u}', 'Ссылка: {u}'],
};

/** Telegram handles for @mentions and t.me links. */
export const HANDLES = ['dailybrief', 'tech_radar', 'crypto_pulse', 'anna_k', 'coach_ivanov', 'slowmornings', 'dona134', 'matchday_live', 'devnotes', 'mila_photo'];
/** Slug words for link paths. */
export const SLUG_WORDS = ['news', 'update', 'report', 'guide', 'review', 'match', 'recipe', 'market', 'release', 'story', 'post', 'photo'];
/** How a mention is worded; `{h}` is the handle. */
export const MENTION_LEADS: Record<Language, readonly string[]> = {
  en: ['via @{h}', 'thanks @{h}', 'h/t @{h}', 'with @{h}', 'cc @{h}'],
  ru: ['via @{h}', 'спасибо @{h}', 'вместе с @{h}', 'у @{h}', 'от @{h}'],
};

/** Emoji every topic uses, beyond its own: faces, hands with skin tones, ZWJ sequences, flags, keycaps. */
export const COMMON_EMOJI = ['🔥', '❤️', '👍', '👍🏻', '🙏🏽', '😂', '😍', '🤔', '💀', '🥲', '✅', '👀', '🎉', '💯', '👩‍❤️‍👨', '🏳️‍🌈', '🇬🇧', '🇩🇪', '🇮🇹', '1️⃣', '🙌🏼'];
/** Emoji in calls to react. */
export const REACTION_EMOJI = ['❤️', '🔥', '👍', '💯', '🐳'];
/** Bullets for list lines. */
export const BULLETS = ['-', '•', '—', '✅', '▪️', '🔹'];
