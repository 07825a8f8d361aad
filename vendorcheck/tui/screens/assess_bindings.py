"""The assessment screen's keys: what each is called and does (in both languages), the bindings
with their ids (remappable in the settings file's [keymap]) and the footer groups. Data only, so
the screen's modules hold behaviour (issue 20: no module over ~400 lines)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from vendorcheck.tui.screens.questionnaire import QuestionnaireActions

KEY_LABELS: dict[str, tuple[str, str]] = {
    "answer_yes": ("是", "Yes"),
    "answer_no": ("否", "No"),
    "answer_unknown": ("不清楚", "Unknown"),
    "answer": ("选择", "Choose"),
    "next_question": ("下一题", "Next"),
    "page_prev": ("上一题", "Previous"),
    "page_next": ("下一题", "Next"),
    "prev_question": ("上一题", "Previous"),
    "next_unanswered": ("下一未答", "Next open"),
    "confirm_suggestion": ("确认建议", "Confirm"),
    "clear_answer": ("清除回答", "Clear answer"),
    "load_contract": ("载入合同", "Contract"),
    "finalize": ("定稿", "Finalize"),
    "todo": ("谈判待办", "To-do"),
    "pick_section": ("跳到部分", "Jump to section"),
    **QuestionnaireActions.KEY_LABELS,
    "conflicts": ("合同矛盾", "Conflicts"),
}
KEY_HELP: dict[str, tuple[str, str]] = {
    "answer_yes": ("回答“是”并前往下一题", "Answer yes and go to the next question"),
    "answer_no": ("回答“否”并前往下一题", "Answer no and go to the next question"),
    "answer_unknown": ("标为“不清楚”（不得分）", "Mark unknown (earns nothing)"),
    "next_question": (
        "下一题（PgDn 在输入框中也可用）",
        "Next question (PgDn works in fields)",
    ),
    "prev_question": ("上一题（PgUp）", "Previous question (PgUp)"),
    "page_prev": ("在输入框中回到上一题", "Previous question, from a field"),
    "page_next": ("在输入框中前往下一题", "Next question, from a field"),
    "next_unanswered": ("跳到下一道还没回答的题", "Jump to the next unanswered question"),
    "confirm_suggestion": (
        "确认根据合同建议或服务商自述的答案（变为你的回答）",
        "Confirm the answer suggested from the contract or declared by the vendor",
    ),
    "clear_answer": ("清除这道题的回答", "Clear this question's answer"),
    "load_contract": (
        "读取服务商合同，预填合同风险题（待你确认）",
        "Read the vendor's contract and pre-fill the contract questions",
    ),
    "finalize": ("定稿：之后不能再修改", "Finalize: it cannot change afterwards"),
    "todo": (
        "签约前的谈判待办（可逐项标为已谈妥）",
        "What to negotiate before signing, tickable",
    ),
    "back": ("返回主页（所有回答已保存）", "Back to home (every answer is saved)"),
    "answer": ("选第 N 个选项或评分 N（N = 1-9）", "Pick option N, or rate N (N = 1-9)"),
    "pick_section": (
        "列出各部分（已答/总数），选一个跳到它的第一道未答题",
        "List the sections (answered/total) and jump to one's first open question",
    ),
    **QuestionnaireActions.KEY_HELP,
    "conflicts": (
        "合同与你的回答矛盾之处（≠），逐条保留你的回答或采用合同的",
        "Where the contract contradicts your answers (≠): keep yours or take its, one by one",
    ),
}
BINDINGS: list[BindingType] = [
    Binding("1", "answer(1)", "Choose", key_display="1-9", id="assessment.answer_1"),
    Binding("y", "answer_yes", "Yes", id="assessment.yes"),
    Binding("n", "answer_no", "No", id="assessment.no"),
    Binding("u", "answer_unknown", "Unknown", id="assessment.unknown"),
    *(
        Binding(str(i), f"answer({i})", show=False, id=f"assessment.answer_{i}")
        for i in range(2, 10)
    ),
    Binding("left", "prev_question", "Previous", key_display="←", id="assessment.previous"),
    Binding("right", "next_question", "Next", key_display="→", id="assessment.next"),
    # In a number or text field ← → move the cursor: there PgUp/PgDn move on instead.
    Binding("pageup", "page_prev", "Previous", key_display="PgUp", priority=True,
            id="assessment.page_previous"),
    Binding("pagedown", "page_next", "Next", key_display="PgDn", priority=True,
            id="assessment.page_next"),
    Binding("g", "next_unanswered", "Next open", id="assessment.next_open"),
    Binding("s", "pick_section", "Sections", show=False, id="assessment.sections"),
    Binding("f4", "pick_section", "Sections", show=False, id="assessment.sections_f4"),
    Binding("c", "confirm_suggestion", "Confirm", id="assessment.confirm"),
    Binding("delete", "clear_answer", "Clear answer", show=False, id="assessment.clear"),
    Binding("l", "load_contract", "Load contract", id="assessment.contract"),
    Binding("F", "finalize", "Finalize", key_display="F", id="assessment.finalize"),
    Binding("t", "todo", "To-do", show=False, id="assessment.todo"),  # ? and ctrl+p
    Binding("X", "conflicts", "Conflicts", show=False, id="assessment.conflicts"),
    # Focus moves only: never an answer, whatever the focused list would do with the key.
    Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    *QuestionnaireActions.BINDINGS,
    Binding("escape", "back", "Back", key_display="esc", id="assessment.back"),
]  # fmt: skip

# Footer groups (one label for several keys), so the footer fits 120 columns in both languages.
KEY_GROUPS: dict[str, tuple[str, str]] = {
    "answer_yes": ("是/否/不清楚", "Yes/No/Unknown"),
    "answer_no": ("是/否/不清楚", "Yes/No/Unknown"),
    "answer_unknown": ("是/否/不清楚", "Yes/No/Unknown"),
    "prev_question": ("上一题/下一题", "Prev/Next"),
    "next_question": ("上一题/下一题", "Prev/Next"),
    "page_prev": ("上一题/下一题", "Prev/Next"),
    "page_next": ("上一题/下一题", "Prev/Next"),
}
