"""Every fixed sentence the bot says, in Italian, in one place.

Texts are Telegram HTML. Placeholders in braces are filled by `bot.answering.replies`
with values it has already escaped.
"""

from __future__ import annotations

WELCOME = "Ciao! 👋 Sono un assistente che risponde a domande {about}.\n\n{ask}\n\n{commands}Tutti i comandi: /aiuto."
WELCOME_ASK = "Scrivimi una domanda, per esempio:\n{examples}"
WELCOME_ASK_PLAIN = "Scrivimi una domanda."
WELCOME_EXAMPLE = "• <i>{question}</i>"
WELCOME_COMMANDS = "Oppure usa {commands}. "

HELP_HEAD = "<b>Come usarmi</b>\nScrivi una domanda in italiano, anche breve{examples}. Rispondo solo {about}.\n\n<b>Comandi</b>"
HELP_EXAMPLES = " ({examples})"
HELP_EXAMPLE = "<i>{question}</i>"
HELP_GROUPS = (
    "\n\nNei gruppi rispondo ai comandi, a <code>/faq domanda</code>, "
    "alle risposte ai miei messaggi e quando vengo menzionato. "
    "In qualunque chat puoi scrivere <code>@{bot} domanda</code>."
)

FONTE = (
    "<b>Fonte</b>\n{source} {about}.\n\n{covered}\n\n"
    "Ogni risposta riporta il passo dell'articolo su cui si basa. "
    "Quello che l'articolo non dice, non lo so."
)
FONTE_COVERED = "Rispondo su {entries} argomenti:"
FONTE_THEME = "• <b>{theme}</b>: {labels}."

SOURCE_LABEL = "📰 Fonte"
VOTE_UP = "👍 Utile"
VOTE_DOWN = "👎 Non utile"
VOTE_THANKS = "Grazie del voto! Ci aiuta a migliorare le risposte."
VOTE_REFUSED = (
    "Non posso registrare questo voto: vale solo per una risposta recente del bot in questa chat."
)
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
STATS_UNKNOWN = "comandi sconosciuti {count}"
STATS_UNAVAILABLE = "Le statistiche non sono disponibili in questo momento: l'archivio delle domande non risponde. Riprova tra poco."

CLARIFY = "Non sono sicuro di aver capito. Forse intendevi:"
FALLBACK = (
    "Non lo so: l'articolo non ne parla, oppure non ho capito la domanda. 🤔\n"
    "Prova a riformularla, oppure guarda {commands}."
)
NONE_OF_THESE = "Nessuna di queste"
DECLINED = (
    "Grazie! Ho preso nota della domanda: ci aiuterà a migliorare le risposte. 🙏\n"
    "Se vuoi, riformulala in una frase completa, dicendo chi o che cosa ti interessa"
    "{example}. Oppure guarda {commands}."
)
DECLINED_EXAMPLE = " (per esempio: <i>{example}</i>)"
FALLBACK_SUGGEST = "\n\nForse ti interessa:"
# On topic, but the article does not give what is asked: by the kind of answer asked.
NOT_SAID = {
    "number": "L'articolo non riporta questo numero.",
    "date": "L'articolo non indica questa data.",
    "time": "L'articolo non dice quando.",
    "duration": "L'articolo non ne indica la durata.",
    "hour": "L'articolo non indica l'ora.",
    "place": "L'articolo non dice dove.",
    "venue": "L'articolo non dice in quale edificio o sede.",
    "name": "L'articolo non fa questo nome.",
    "person": "L'articolo non dice chi.",
}
NOT_SAID_ANY = "L'articolo non lo dice."
NOT_SAID_OFFER = "\n\nEcco che cosa dice sull'argomento:"
OPINION = (
    "Non do opinioni: riporto soltanto quello che dice l'articolo, "
    "senza giudicare le scelte di nessuno."
)
OPINION_OFFER = "\n\nEcco che cosa dice l'articolo sull'argomento:"
EMPTY = "Scrivimi una domanda {topic}, per esempio: <i>{example}</i>"
EMPTY_PLAIN = "Scrivimi una domanda {topic}."
NOT_TEXT = "Posso leggere solo messaggi di testo: scrivimi la tua domanda. ✍️"
FAQ_USAGE = "Scrivi la domanda dopo il comando, per esempio: <code>/faq {example}</code>"
FAQ_USAGE_PLAIN = "Scrivi la domanda dopo il comando: <code>/faq domanda</code>"
UNKNOWN_COMMAND = "Non conosco il comando {command}. I comandi disponibili sono in /aiuto."
STALE_BUTTON = "Questo pulsante non è più valido: il contenuto è stato aggiornato. Prova {command} o scrivi la tua domanda."
STALE_LINK = "Il collegamento che hai aperto non porta più a una domanda: forse è stato aggiornato. Ecco come posso aiutarti.\n\n"
SHARE = "🔗 Condividi"
CONSOLE_RANGE = "Scegli un numero da 1 a {last}, oppure scrivi una domanda."
CONSOLE_ONE = "C'è una sola scelta: scrivi 1, oppure scrivi una domanda."
FLOOD = "Stai scrivendo molto velocemente: rispondo di nuovo tra poco. ⏳"
ERROR = "Scusa, qualcosa è andato storto. 😕 Riprova tra poco."
CONSOLE_BANNER = (
    "faq-bot: chat di prova nel terminale (nessun TELEGRAM_BOT_TOKEN impostato: "
    "per collegarti a Telegram imposta TELEGRAM_BOT_TOKEN nel file .env)."
)
CONSOLE_HINT = "Scrivi una domanda o un comando (/aiuto); un numero sceglie un pulsante; Ctrl-D o Ctrl-C per uscire."

# Small talk, unless the FAQ's profile words a reply itself; {topic} and {about} come from it.
SMALLTALK = {
    "greeting": "Ciao! 👋 Chiedimi qualcosa {topic}.",
    "howareyou": "Tutto bene, grazie! Sono qui per rispondere {topic}.",
    "thanks": "Prego! 😊 Se hai altre domande {topic}, scrivimi pure.",
    "identity": "Sono un bot che risponde a domande {about}, e solo su quello. Prova /aiuto.",
    "help": "Scrivimi una domanda {topic}. Tutti i comandi: /aiuto.",
    "ack": "Bene! Se vuoi sapere altro, chiedi pure.",
    "bye": "A presto! 👋",
}

# The commands every FAQ has, in the order /aiuto lists them: first these two, then the
# profile's menus, then the rest; then the entries' own commands.
COMMANDS_FIRST = {
    "start": "Benvenuto ed esempi di domande",
    "aiuto": "Come usare il bot e tutti i comandi",
}
COMMANDS_LAST = {
    "fonte": "Da dove vengono le risposte",
    "faq": "Fai una domanda (utile nei gruppi)",
}
ALIASES = {"help": "aiuto"}  # answered like the command they name, never listed
AND = " e "
OR = " o "
