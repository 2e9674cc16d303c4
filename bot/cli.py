"""The ``faq-bot`` command line: run the bot, ask, evaluate, lint.

faq-bot                      run on Telegram (token set) or as a console chat
faq-bot ask [--json] [Q]     answer Q, or each line of standard input
faq-bot ask --conversation   stdin as conversations: context kept, a blank line or --- starts anew
faq-bot eval FILE            score a labelled question or conversation file
faq-bot calibrate FILE...    fit the thresholds to labelled files, figures by cross-validation
faq-bot lint [DIR]           validate a FAQ folder: problems, TODOs, collisions, coverage
faq-bot new ARTICLE DIR      make a FAQ folder for another article
faq-bot report [--days N]    the curators' report: unanswered questions, 👎, usage
faq-bot report --html FILE   the same as one self-contained web page, with charts
faq-bot suggest              proposals from readers' taps and votes; --apply ID… writes them
faq-bot suggest --interactive  the same, one by one: apply, reject or skip
faq-bot link ID [--bot NAME] an entry's deep link, t.me/<bot>?start=<ID>
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from bot.adapters import console
from bot.answering import calibration, evaluation, knowledge
from bot.answering.conversation import Context, follow
from bot.answering.evaluation import LabelError, evaluate, format_report, load_cases
from bot.answering.models import Kind, Knowledge, Reply, Result
from bot.answering.replies import MAX_QUESTION, Replies
from bot.curation import faq_edit, html_report, review, scaffold, suggest
from bot.curation import report as curators
from bot.curation.feedback import Feedback
from bot.curation.inbox import FILENAME, Inbox, InboxError
from bot.curation.lint import lint
from bot.curation.live import LiveFaq
from bot.settings import Settings, SettingsError


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``faq-bot`` and ``python -m bot``; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        faq_dir = Path(args.faq) if getattr(args, "faq", None) else settings.faq_dir
        if args.command == "lint":
            return _lint(Path(args.dir) if args.dir else faq_dir)
        if args.command == "new":
            return _new(Path(args.article), Path(args.dir))
        if args.command == "report":
            return _report(_inbox_file(settings, args), args, faq_dir)
        loaded = knowledge.load(faq_dir)
        if args.command == "suggest":
            return _suggest(_inbox_file(settings, args), loaded, faq_dir, args)
        if args.command == "ask":
            if args.conversation:
                return _converse(Replies(loaded), sys.stdin, args.json)
            return _ask(Replies(loaded), args.question, args.json)
        if args.command == "link":
            return _link(settings, loaded, args.id, args.bot)
        if args.command == "calibrate":
            return _calibrate(loaded, [Path(f) for f in args.files], args)
        if args.command == "eval":
            if evaluation.is_conversations(Path(args.file)):
                return _eval_conversations(loaded, Path(args.file), not args.no_context)
            return _eval(loaded, Path(args.file), args.min_inscope, args.min_rejected)
        return _run(settings, loaded)
    except SettingsError as exc:
        print(f"faq-bot: configuration error: {exc}", file=sys.stderr)
    except knowledge.FaqError as exc:
        print(f"faq-bot: the FAQ has {len(exc.problems)} problem(s):", file=sys.stderr)
        print(str(exc), file=sys.stderr)
    except (LabelError, InboxError, scaffold.ScaffoldError, faq_edit.EditError) as exc:
        print(f"faq-bot: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`faq-bot ask ... | head`): not an error
        sys.stderr.close()
        return 0
    return 2


def _parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands."""
    parser = argparse.ArgumentParser(prog="faq-bot", description=__doc__.splitlines()[0])
    parser.add_argument("--faq", help="FAQ folder (default: FAQ_DIR or ./faq)")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (the default)")
    ask = sub.add_parser("ask", help="answer a question, or one per line of stdin")
    ask.add_argument("question", nargs="*", help="the question (omit to read stdin)")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument(
        "--conversation",
        action="store_true",
        help="read stdin as conversations: a blank line or --- starts a new one",
    )
    ev = sub.add_parser("eval", help="score a labelled question or conversation file")
    ev.add_argument("file")
    ev.add_argument("--no-context", action="store_true", help="conversations: each turn alone")
    ev.add_argument("--min-inscope", type=float, default=0.0, help="fail below this share")
    ev.add_argument("--min-rejected", type=float, default=0.0, help="fail below this share")
    cal = sub.add_parser("calibrate", help="fit the thresholds to labelled question files")
    cal.add_argument("files", nargs="+", help="labelled question files (both formats)")
    cal.add_argument("--trials", type=int, default=200, help="random settings tried")
    cal.add_argument("--folds", type=int, default=5, help="cross-validation folds")
    cal.add_argument("--cost", type=float, default=2.0, help="what a false answer costs")
    lint = sub.add_parser("lint", help="validate a FAQ folder")
    lint.add_argument("dir", nargs="?", help="the folder (default: FAQ_DIR or ./faq)")
    new = sub.add_parser("new", help="make a FAQ folder for another article")
    new.add_argument("article", help="the article, a UTF-8 text file")
    new.add_argument("dir", help="the folder to create (must not exist, or be empty)")
    rep = sub.add_parser("report", help="the curators' report from the inbox in DATA_DIR")
    rep.add_argument("--days", type=_days, default=7, help="the period, in days (default 7)")
    rep.add_argument("--json", action="store_true", help="print one JSON object")
    rep.add_argument("--html", metavar="FILE", help="write the report as a web page to FILE")
    rep.add_argument("--inbox", metavar="FILE", help="another inbox file (such as the console's)")
    sug = sub.add_parser("suggest", help="FAQ changes proposed by readers' taps and votes")
    sug.add_argument(
        "--days",
        type=_days,
        default=suggest.DEFAULT_DAYS,
        help=f"the period, in days (default {suggest.DEFAULT_DAYS})",
    )
    sug.add_argument("--json", action="store_true", help="print one JSON object")
    sug.add_argument("--apply", nargs="+", metavar="ID", default=[], help="write these proposals")
    sug.add_argument("--reject", nargs="+", metavar="ID", default=[], help="hide these for good")
    sug.add_argument(
        "--interactive", action="store_true", help="accept, reject or skip each proposal in turn"
    )
    sug.add_argument("--inbox", metavar="FILE", help="another inbox file (such as the console's)")
    link = sub.add_parser("link", help="print an entry's deep link: t.me/<bot>?start=<id>")
    link.add_argument("id", help="the entry's id")
    link.add_argument("--bot", help="the bot's username (default: asked of Telegram via the token)")
    return parser


def _days(text: str) -> int:
    """A positive whole number of days, for --days."""
    if not text.isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError("must be a whole number of days, 1 or more")
    return int(text)


def _lint(faq_dir: Path) -> int:
    """Validate, then report colliding phrasings and uncovered sentences."""
    return lint(knowledge.load(faq_dir), faq_dir, print)


def _new(article: Path, folder: Path) -> int:
    """Make a FAQ folder for `article`, then lint it: it names what is left to fill in."""
    for path in scaffold.create(article, folder):
        print(f"created {path}")
    print(f"next: fill in every TODO, then run `faq-bot lint {folder}`")
    return 0


def _ask(replies: Replies, question: list[str], as_json: bool) -> int:
    """Answer the question given, or every line of standard input, streaming."""
    lines = [" ".join(question)] if question else sys.stdin
    for line in lines:
        reply = replies.question(line.rstrip("\n"))  # as a reader's message: cut, blank checked
        _print(reply, reply.result, None, as_json)
    return 0


def _converse(replies: Replies, lines: Iterable[str], as_json: bool) -> int:
    """Answer stdin as conversations, context kept from line to line.

    A blank line or ``---`` ends a conversation and prints nothing; the clock is
    the line number in seconds, so context never expires within a file.
    """
    context: Context | None = None
    for number, raw in enumerate(lines):
        line = raw.rstrip("\n")
        if not line.strip() or line.strip() == "---":
            context = None
            continue
        turn = follow(replies.engine, line[:MAX_QUESTION], context, float(number))
        context = turn.context
        _print(replies.result(turn.result), turn.result, turn.resolved, as_json)
    return 0


def _print(reply: Reply, result: Result | None, resolved: str | None, as_json: bool) -> None:
    """Print one reply: as the reader sees it, or as one JSON line."""
    if not as_json:
        print(console.render(reply), flush=True)
        return
    payload: dict[str, object] = {
        "kind": result.kind.value if result else Kind.FALLBACK.value,
        "matched": bool(result and result.matched),
        "id": result.best.entry.id if result and result.best else None,
        "score": result.score if result else 0.0,
        "answer": console.plain(reply.text),
        "suggestions": [
            {"id": s.entry.id, "question": s.entry.question}
            for s in (result.alternatives if result else ())
        ],
    }
    if resolved is not None:
        payload["resolved"] = resolved
    print(json.dumps(payload, ensure_ascii=False), flush=True)


def _eval(loaded: Knowledge, path: Path, min_inscope: float, min_rejected: float) -> int:
    """Score a labelled file; non-zero exit when below the given bars."""
    replies = Replies(loaded)
    report = evaluate(replies.engine, load_cases(path), _reader_text(replies))
    print(format_report(report))
    return 0 if report.in_scope >= min_inscope and report.rejected >= min_rejected else 1


def _eval_conversations(loaded: Knowledge, path: Path, use_context: bool) -> int:
    """Score a conversation file: first turns and follow-ups apart."""
    replies = Replies(loaded)
    conversations = evaluation.load_conversations(path)
    report = evaluation.evaluate_conversations(
        replies.engine, conversations, _reader_text(replies), use_context
    )
    print(evaluation.format_conversations(report))
    return 0


def _calibrate(loaded: Knowledge, paths: list[Path], args: argparse.Namespace) -> int:
    """Fit the thresholds to labelled files; print held-out figures and the fitted values."""
    cases = [(path.name, case) for path in paths for case in load_cases(path)]
    labelled = [case for _, case in cases]
    print(
        f"{len(labelled)} questions, {args.trials} settings, {args.folds} folds, cost {args.cost}"
    )
    found = calibration.search(
        loaded, labelled, lambda engine: _reader_text(Replies(loaded, engine)), args.trials
    )
    ok, false, chosen = calibration.cross_validate(found, len(labelled), args.folds, args.cost)
    print("held out (each fold judged by the setting chosen on the others):")
    for name in [None, *dict.fromkeys(n for n, _ in cases)]:
        at = [i for i, (n, _) in enumerate(cases) if name is None or n == name]
        shown = calibration.figures(
            [labelled[i] for i in at], [ok[i] for i in at], [false[i] for i in at]
        )
        print(
            f"  {name or 'all':24s} in scope {shown.in_scope:6.1%}  refused {shown.rejected:6.1%}"
            f"  false answers {shown.false:5.1%}  ({shown.count})"
        )
    for fold, trial in enumerate(chosen):
        print(f"  fold {fold + 1}: {calibration.changed(trial.thresholds)}")
    everything = calibration.best(found, range(len(labelled)), args.cost)
    print(f"fitted on all: {calibration.changed(everything.thresholds) or 'the defaults'}")
    return 0


def _reader_text(replies: Replies) -> evaluation.Render:
    """What a reader sees for a result, as plain text: what the expected words are sought in."""
    return lambda result: console.plain(replies.result(result).text)


def _inbox_file(settings: Settings, args: argparse.Namespace) -> Path:
    """The inbox a curators' command reads: --inbox, else the bot's in DATA_DIR."""
    return Path(args.inbox) if args.inbox else settings.data_dir / FILENAME


def _report(path: Path, args: argparse.Namespace, faq_dir: Path) -> int:
    """Print (or write as a page) the curators' report; a friendly line when there is no inbox."""
    if not path.is_file():
        where = sys.stderr if args.json else sys.stdout  # --json keeps stdout for the JSON
        print(f"faq-bot: no inbox yet in {path.parent}/: nothing to report", file=where)
        if args.json:
            print(curators.to_json(curators.build(None, args.days)))
        if args.html:
            html_report.write(Path(args.html), html_report.page(curators.build(None, args.days)))
        return 0
    with Inbox(path) as inbox:
        built = curators.build(inbox, args.days)
        if args.html:
            daily = inbox.usage_by_day(built.since)
            waiting = _waiting(inbox, faq_dir)
            html_report.write(Path(args.html), html_report.page(built, daily, waiting))
            print(f"faq-bot: wrote {args.html}")
            return 0
    print(curators.to_json(built) if args.json else curators.format_text(built))
    return 0


def _waiting(inbox: Inbox, faq_dir: Path) -> tuple[suggest.Proposal, ...]:
    """The suggestions waiting for a curator; none when the FAQ cannot be read."""
    try:
        loaded = knowledge.load(faq_dir)
    except knowledge.FaqError:
        return ()  # the report still shows the figures; `faq-bot lint` names the problem
    return suggest.build(inbox, Replies(loaded).engine, suggest.DEFAULT_DAYS)


def _suggest(path: Path, loaded: Knowledge, faq_dir: Path, args: argparse.Namespace) -> int:
    """List, apply or reject the proposals drawn from the inbox at `path`."""
    if not path.is_file():
        print(f"faq-bot: no inbox yet at {path}: nothing to suggest", file=sys.stderr)
        return 0
    with Inbox(path) as inbox:
        proposals = suggest.build(inbox, Replies(loaded).engine, args.days)
        by_id = {p.id: p for p in proposals}
        if args.interactive:
            verdicts = review.ask(proposals, iter(sys.stdin), print)
            args.apply, args.reject = verdicts.apply, verdicts.reject
            if not args.apply and not args.reject:
                print("nothing accepted or rejected")
        unknown = [i for i in [*args.apply, *args.reject] if i not in by_id]
        if unknown:
            print(
                f"faq-bot: no open proposal {', '.join(unknown)} (see `faq-bot suggest`)",
                file=sys.stderr,
            )
            return 2
        for proposal_id in args.reject:
            inbox.decide(proposal_id, "rejected")
            print(f"rejected {proposal_id}: it will not be proposed again")
        if args.apply:
            return _apply(inbox, [by_id[i] for i in args.apply], faq_dir)
        if not args.reject and not args.interactive:
            print(suggest.to_json(proposals) if args.json else suggest.format_text(proposals))
    return 0


def _apply(inbox: Inbox, chosen: list[suggest.Proposal], faq_dir: Path) -> int:
    """Write the chosen proposals into the FAQ, all or none; 1 when lint refuses them."""
    manual = [p.id for p in chosen if not p.applicable or p.entry is None]
    if manual:
        print(
            f"faq-bot: {', '.join(manual)}: a new entry or a review is written by hand "
            "(its answer needs the article); `--reject ID` hides it",
            file=sys.stderr,
        )
        return 2
    changes = [
        faq_edit.Change(p.entry, p.text, drop=p.kind == suggest.DROP)
        for p in chosen
        if p.entry is not None
    ]
    try:
        written = faq_edit.apply(faq_dir, changes)
    except faq_edit.EditError as exc:
        print(f"faq-bot: nothing written: {exc}", file=sys.stderr)
        return 1
    for p in chosen:
        inbox.decide(p.id, "applied")
        verb = "dropped from" if p.kind == suggest.DROP else "added to"
        print(f"applied {p.id}: {p.text!r} {verb} {p.entry}")
    for path in written:
        print(f"wrote {path} (checked: the FAQ loads, and no phrasing lost its entry)")
    return 0


def _link(settings: Settings, loaded: Knowledge, entry_id: str, bot: str | None) -> int:
    """Print the link that opens `entry_id` in a private chat with the bot."""
    if entry_id not in loaded.by_id:
        print(f"faq-bot: no entry has the id {entry_id!r}", file=sys.stderr)
        return 2
    if bot is None:
        if not settings.token:
            print(
                "faq-bot: give the bot's username with --bot, or set TELEGRAM_BOT_TOKEN",
                file=sys.stderr,
            )
            return 2
        from bot.adapters.telegram_app import username  # the network only when asked

        bot = username(settings)
        if bot is None:
            return 1
    print(f"https://t.me/{bot.lstrip('@')}?start={entry_id}")
    return 0


def _run(settings: Settings, loaded: Knowledge) -> int:
    """Run on Telegram when a token is set, else the console chat."""
    if settings.token:
        from bot.adapters.telegram_app import run  # imported here: the console needs no Telegram

        return run(settings, loaded)
    path = settings.console_inbox  # the console's own: trying the bot is not production use
    with Inbox(path) if path is not None else Inbox.in_memory() as inbox:
        inbox.purge(settings.retention_days)
        live = LiveFaq(Replies(loaded), settings.faq_dir)
        return console.run(live, Feedback(inbox, live), sys.stdin, print, sys.stdin.isatty())
