"""Every fixed sentence the bot says, in Italian, in one place.

Texts are Telegram HTML. Placeholders in braces are filled by `bot.answering.replies`
with values it has already escaped.
"""

from __future__ import annotations

ARTICLE = (
    "la riunione della <b>Coalizione dei Volenterosi</b> a Parigi del "
    "<b>6 gennaio 2026</b>: le cinque garanzie di sicurezza per l'Ucraina ispirate "
    "all'articolo 5 della Nato e la posizione dell'Italia"
)

WELCOME = (
    "Ciao! 👋 Sono un assistente che risponde a domande su {article}.\n\n"
    "Scrivimi una domanda, per esempio:\n"
    "• <i>L'Italia manderà soldati in Ucraina?</i>\n"
    "• <i>Cosa prevede il terzo pilastro?</i>\n"
    "• <i>Chi ha proposto il sistema di verifica?</i>\n\n"
    "Oppure usa /pilastri, /italia, /paesi. Tutti i comandi: /aiuto."
)

HELP_HEAD = "<b>Come usarmi</b>\nScrivi una domanda in italiano, anche breve (<i>spagna</i>, <i>pilastro 3</i>). Rispondo solo su {article}.\n\n<b>Comandi</b>"
HELP_GROUPS = (
    "\n\nNei gruppi rispondo ai comandi, a <code>/faq domanda</code>, "
    "alle risposte ai miei messaggi e quando vengo menzionato. "
    "In qualunque chat puoi scrivere <code>@{bot} domanda</code>."
)

FONTE = (
    "<b>Fonte</b>\nUn articolo di cronaca politica in italiano su {article}.\n\n"
    "Copro: dove, quando e chi ha partecipato; il giudizio di Palazzo Chigi; i cinque "
    "pilastri nel dettaglio; la dichiarazione finale; le posizioni di Italia, Spagna, "
    "Stati Uniti, Europa, Ucraina e Russia; la dichiarazione sulla Groenlandia.\n"
    "Ogni risposta riporta il passo dell'articolo su cui si basa. "
    "Quello che l'articolo non dice, non lo so."
)

COUNTRIES_HEAD = "<b>Le posizioni dei Paesi</b>\nScegli un Paese:"
SOURCE_LABEL = "📰 Fonte"
VOTE_UP = "👍 Utile"
VOTE_DOWN = "👎 Non utile"
VOTE_THANKS = "Grazie del voto! Ci aiuta a migliorare le risposte."
RELOADED = "FAQ ricaricate: {entries} voci."
RELOAD_FAILED = (
    "Le FAQ modificate non sono valide: continuo con quelle di prima.\n<pre>{error}</pre>"
)
STATS_HEAD = "<b>Statistiche degli ultimi {days} giorni</b>"
STATS_KINDS = {
    "answer": "risposte",
    "clarify": "chiarimenti",
    "fallback": "non so",
    "smalltalk": "saluti e simili",
    "not_said": "non detto nell'articolo",
    "opinion": "opinioni",
    "compare": "confronti",
}
STATS_UNANSWERED = "\n<b>Domande senza una buona risposta</b>"
STATS_VOTES = "\n<b>Voci con più 👎</b>"
STATS_COMMANDS = "\n<b>Comandi usati</b>"
STATS_NONE = "nessuno"

CLARIFY = "Non sono sicuro di aver capito. Forse intendevi:"
FALLBACK = (
    "Non lo so: l'articolo non ne parla, oppure non ho capito la domanda. 🤔\n"
    "Prova a riformularla, oppure guarda /pilastri e /aiuto."
)
FALLBACK_SUGGEST = "\n\nForse ti interessa:"
EMPTY = (
    "Scrivimi una domanda sulla riunione di Parigi, per esempio: <i>L'Italia manderà soldati?</i>"
)
NOT_TEXT = "Posso leggere solo messaggi di testo: scrivimi la tua domanda. ✍️"
PILLAR_USAGE = (
    "Indica il numero del pilastro, da 1 a 5: per esempio <code>/pilastro 3</code>.\n"
    "Per vederli tutti: /pilastri."
)
FAQ_USAGE = (
    "Scrivi la domanda dopo il comando, per esempio: <code>/faq l'Italia manderà soldati?</code>"
)
UNKNOWN_COMMAND = "Non conosco il comando {command}. I comandi disponibili sono in /aiuto."
STALE_BUTTON = "Questo pulsante non è più valido: il contenuto è stato aggiornato. Prova /pilastri o scrivi la tua domanda."
FLOOD = "Stai scrivendo molto velocemente: rispondo di nuovo tra poco. ⏳"
ERROR = "Scusa, qualcosa è andato storto. 😕 Riprova tra poco."
CONSOLE_BANNER = (
    "faq-bot: chat di prova nel terminale (nessun TELEGRAM_BOT_TOKEN impostato: "
    "per collegarti a Telegram imposta TELEGRAM_BOT_TOKEN nel file .env)."
)
CONSOLE_HINT = (
    "Scrivi una domanda o un comando (/aiuto); un numero sceglie un pulsante; Ctrl-D per uscire."
)

SMALLTALK = {
    "greeting": "Ciao! 👋 Chiedimi qualcosa sulla riunione dei Volenterosi a Parigi, oppure prova /pilastri.",
    "howareyou": "Tutto bene, grazie! Sono qui per rispondere sulla riunione di Parigi del 6 gennaio 2026.",
    "thanks": "Prego! 😊 Se hai altre domande sulla riunione di Parigi, scrivimi pure.",
    "identity": (
        "Sono un bot che risponde a domande su un solo articolo: la riunione della "
        "Coalizione dei Volenterosi a Parigi del 6 gennaio 2026. Prova /aiuto."
    ),
    "help": "Scrivimi una domanda sulla riunione di Parigi, oppure usa /pilastri, /italia o /paesi. Tutti i comandi: /aiuto.",
    "ack": "Bene! Se vuoi sapere altro, chiedi pure.",
    "bye": "A presto! 👋",
}

COMMANDS = {
    "start": "Benvenuto ed esempi di domande",
    "aiuto": "Come usare il bot e tutti i comandi",
    "pilastri": "I cinque pilastri in breve",
    "pilastro": "Un pilastro: /pilastro 1 … /pilastro 5",
    "paesi": "Le posizioni dei Paesi",
    "fonte": "Da dove vengono le risposte",
    "faq": "Fai una domanda (utile nei gruppi)",
}
