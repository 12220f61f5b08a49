#!/usr/bin/env python3
"""Builds guidelines/index.json and guidelines/passages.json: the guideline
passages the product cites.

Every rule, finding, option note and model reply cites a section such as
`02 §3.5`; the app opens that section's passage so "why" is one click away.
The passages are the source texts (Chinese; 02 is in traditional script),
cut by line ranges from ../shared/guidelines/, with a title in both languages
and an English summary written in the product's own words (not a
translation). Run it again when the guidelines or this index change:

    python3 tools/guideline-sections.py [path/to/guidelines]

The output is committed, so building the app never needs the source folder.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "guidelines"
FILES = {
    "01": "01-key-abilities.txt",
    "02": "02-basic-qualities-and-techniques.txt",
    "03": "03-duties-and-requirements.txt",
    "04": "04-qualities-and-psychology.txt",
    "05": "05-work-attitude.txt",
}
# Longest passage kept (characters): a passage is a reminder, not the book.
MAX_CHARS = 1400

# (id, aliases, file, [line ranges, 1-based inclusive], title zh, title en, summary en)
INDEX = [
    ("01 多任务处理", ["01 multitasking", "01 多任務處理"], "01", [(16, 16), (22, 22)], "多任务处理能力", "Handling several customers at once",
     "Serve several customers at the same time without letting any of them feel forgotten: keep track of each, answer in turn, and say when you need a moment."),
    ("01 情绪管理", ["01 item 6", "01 emotion"], "01", [(8, 8), (28, 28)], "情绪管理能力", "Managing your own emotions",
     "Stay in control of your own feelings whatever the customer's mood; a calm agent calms the conversation."),
    ("02 §1.1", [], "02", [(12, 15)], "责任心", "Sense of responsibility",
     "Treat every customer's problem as yours to see through to the end."),
    ("02 §1.2", [], "02", [(16, 19)], "耐心", "Patience",
     "Answer patiently even when the same question comes again or the customer is slow to decide; impatience loses customers."),
    ("02 §1.3", [], "02", [(20, 23)], "细心", "Care and attention to detail",
     "Check details carefully (orders, addresses, amounts) so that mistakes do not reach the customer."),
    ("02 §1.4", [], "02", [(24, 27)], "同理心", "Empathy",
     "Put yourself in the customer's place: understand what they feel and why, and let it show in how you help."),
    ("02 §1.5", [], "02", [(28, 31)], "自控力", "Self-control",
     "Keep your emotions in check under pressure or abuse; never answer rudeness with rudeness."),
    ("02 §2.1", [], "02", [(34, 37)], "商品专业知识", "Product knowledge",
     "Know the products well enough to answer precisely and recommend honestly."),
    ("02 §2.2", [], "02", [(38, 41)], "网站交易规则", "The platform's trading rules",
     "Know the platform's rules for orders, payment and disputes, so you can explain them correctly."),
    ("02 §2.4", [], "02", [(46, 47)], "物流", "Delivery and logistics",
     "Know how delivery works (carriers, times, costs) so you can give realistic answers about shipping."),
    ("02 §3.1", [], "02", [(50, 53)], "微笑是对顾客最好的欢迎", "A smile is the best welcome",
     "Warmth comes through even in text: greet customers in a friendly way."),
    ("02 §3.2", [], "02", [(54, 57)], "保持积极态度", "Keep a positive attitude",
     "Stay positive and take the customer's side even when a problem is not your fault."),
    ("02 §3.3", [], "02", [(58, 63)], "礼貌对客，多说“谢谢”", "Courtesy and thanks",
     "Be polite and thank customers sincerely, including when they decide not to buy."),
    ("02 §3.4", [], "02", [(64, 69)], "坚守诚信", "Keep faith with the customer",
     "Be honest about products and problems; trust lost through a lie is not won back."),
    ("02 §3.5", [], "02", [(70, 73)], "凡事留有余地", "Leave room: no absolute promises",
     "Avoid absolute promises (\"guaranteed\", \"definitely\", \"100%\"): promise what you can do, with room for what you cannot control."),
    ("02 §3.6", [], "02", [(74, 77)], "处处为顾客着想", "Think of the customer's interests",
     "Help customers choose what truly suits them, even when it earns you less; sincerity wins them over."),
    ("02 §3.7", [], "02", [(78, 83)], "多虚心请教、多听顾客声音", "Ask and listen before you advise",
     "When you do not yet know what the customer needs, ask and listen before recommending anything."),
    ("02 §3.8", [], "02", [(84, 87)], "要有足够的耐心与热情", "Enough patience and warmth",
     "Some customers ask many questions or take long to decide; stay patient and warm to the end."),
    ("02 §3.9", [], "02", [(88, 91)], "做个专业卖家，给顾客准确的推介", "Recommend accurately, like a professional",
     "Give precise, knowledgeable recommendations rather than vague praise."),
    ("02 §3.10", [], "02", [(92, 97)], "活用沟通的语气和表情", "Tone in written chat",
     "In chat, tone is carried by wording and punctuation: avoid curt one-word replies and cold phrasing; answer fully."),
    ("02 §3.11", [], "02", [(98, 101)], "善用状态设置", "Use your status settings",
     "Let customers know when you are busy or away, so a wait does not feel like being ignored."),
    ("02 §3.12", [], "02", [(102, 105)], "多检讨自己，少责怪对方", "Look at your own part first",
     "When something goes wrong, first ask what we could have done better instead of blaming the customer."),
    ("02 §3.13", [], "02", [(106, 109)], "多换位思考", "See it from the customer's side",
     "Imagine the customer's situation to understand what they really mean and need."),
    ("02 §3.14", [], "02", [(110, 113)], "表达不同意见时尊重对方立场", "Disagree respectfully",
     "When you must disagree, acknowledge the customer's view first and explain without making them lose face."),
    ("02 §3.15", [], "02", [(114, 117)], "认真倾听，先了解情况", "Listen and understand first",
     "Hear the customer out and understand the situation before you judge or propose anything."),
    ("02 §3.16", [], "02", [(118, 121)], "保持相同的谈话方式", "Match the customer's way of talking",
     "Adapt your pace and style to the customer's so the conversation feels natural to them."),
    ("02 §3.18", [], "02", [(122, 137)], "坚持自己的原则", "Hold to your principles on price",
     "Keep the price principle warmly but firmly: private discounts are unfair to other customers, look unprofessional and invite the next bargain."),
    ("02 §4.1", [], "02", [(140, 141)], "对商品缺乏认识的顾客", "Customers who know little about the product",
     "They need plain explanations and a helping hand: explain patiently, without jargon, and build their trust."),
    ("02 §4.2", [], "02", [(142, 143)], "一知半解的顾客", "Customers who half-know the product",
     "They may insist on something mistaken: respect what they know, correct it gently with facts, never make them feel foolish."),
    ("02 §4.3", [], "02", [(144, 147)], "对价格要求不同的顾客", "Customers with different attitudes to price",
     "Some accept the price at once, some test for a discount, some bargain hard: meet each with respect and a clear principle."),
    ("02 §4.3.1", [], "02", [(148, 149)], "爽快的顾客", "The decisive buyer",
     "Thank a decisive customer sincerely and serve them quickly and well."),
    ("02 §4.3.2", [], "02", [(150, 151)], "试探性还价的顾客", "The tentative bargainer",
     "Decline a tentative request for a discount politely and show the value instead."),
    ("02 §4.3.3", [], "02", [(152, 153)], "一定要讲价的顾客", "The hard bargainer",
     "Stay firm and friendly; offer what is genuinely allowed (a real promotion or small gift), never a private cut."),
    ("02 §4.4", [], "02", [(154, 155)], "对商品要求不同的顾客", "Customers with different demands on the product",
     "Experienced, doubtful and picky customers each need a different kind of honesty."),
    ("02 §4.4.1", [], "02", [(156, 157)], "买过类似商品的顾客", "The experienced buyer",
     "They compare quality point by point: answer precisely and honestly, including where others are better."),
    ("02 §4.4.2", [], "02", [(158, 159)], "将信将疑的顾客", "The doubtful buyer",
     "They ask whether the photos are real: explain truthfully, mention possible colour differences, never over-claim."),
    ("02 §4.4.3", [], "02", [(160, 161)], "挑剔的顾客", "The very picky buyer",
     "Be truthful about flaws and say plainly that nothing is perfect; if they still doubt, suggest seeing the item in a store."),
    ("02 §5.1", [], "02", [(164, 167)], "处理顾客的询问", "Handling customers' enquiries",
     "Answer enquiries promptly and accurately; decline questions about internal matters or other people politely."),
    ("02 §5.2", [], "02", [(168, 173)], "把握话题和话题的转移", "Keep control of the topic",
     "Be friendly with off-topic talk but brief, and steer back to what the customer needs."),
    ("02 §6", ["02 §6.0"], "02", [(174, 175)], "促成交易", "Closing a sale",
     "Help a customer who is ready to decide, using facts and real benefits; pressure and tricks destroy trust."),
    ("02 §6.1", [], "02", [(176, 177)], "“怕买不到”的心理", "The fear of missing out",
     "Scarcity may be mentioned only when it is true; inventing it is dishonest."),
    ("02 §6.2", [], "02", [(178, 179)], "希望快点拿到商品的心理", "Wanting the goods soon",
     "Tell customers truthfully how soon they can have the item if they order now."),
    ("02 §6.3", [], "02", [(180, 181)], "一再出现购买信号却犹豫", "Buying signals, but hesitation",
     "When a customer keeps showing interest but hesitates, help with the remaining doubt instead of pushing."),
    ("02 §6.4", [], "02", [(182, 183)], "拍下后的跟进", "After the customer orders",
     "Once they have ordered, guide them through payment and next steps helpfully."),
    ("02 §6.5", [], "02", [(184, 185)], "帮助顾客挑选", "Helping the customer choose",
     "Narrow the choice with them according to their needs, rather than listing everything."),
    ("02 §6.7", [], "02", [(186, 187)], "反问式的回答", "Answering with a question (out of stock)",
     "If the item asked for is not available, do not just say no: ask about their need and offer a suitable alternative honestly."),
    ("02 §6.8", [], "02", [(188, 189)], "顾客拿不定主意时的推荐", "Recommending when the customer cannot decide",
     "Recommend what fits the customer's need and explain why, honestly."),
    ("02 §7.1", [], "02", [(192, 195)], "热情接待", "A warm reception",
     "Receive an unhappy customer warmly; they already feel let down."),
    ("02 §7.2", [], "02", [(196, 199)], "快速反应", "Respond quickly, with time nodes",
     "React fast and tell the customer when they will hear from you: a clear time for the next step."),
    ("02 §7.3", [], "02", [(200, 203)], "认真倾听", "Listen carefully",
     "Let the customer say everything before you explain; interrupting makes it worse."),
    ("02 §7.4", [], "02", [(204, 207)], "安抚和解释", "Soothe, then explain",
     "Calm the customer first, then explain what happened, without blaming them."),
    ("02 §7.5", [], "02", [(208, 211)], "诚恳道歉", "A sincere apology",
     "Apologise sincerely for what went wrong, even when it was not only our fault."),
    ("02 §7.6", [], "02", [(212, 215)], "提出补救措施", "Offer a remedy",
     "Propose a concrete remedy (replacement, refund, repair, compensation) the customer can accept."),
    ("02 §7.7", [], "02", [(216, 221)], "通知顾客并及时跟进", "Keep the customer informed and follow up",
     "Tell the customer what is being done and how far it has got, and follow up until it is settled; ignore insults and look for what they are really unhappy about."),
    ("02 微信客服", ["02 phone", "02 電話", "02 电话", "02 微信客服 phone etiquette", "02 phone etiquette", "02 禮貌用語", "02 礼貌用语"], "02", [(240, 281)], "电话礼仪与规范用语", "Phone etiquette: the right words",
     "Fixed phrasings for the phone: greet properly, use the caller's surname once known, check a silent, faint, noisy or dialect line politely and keep to Mandarin; never \"喂，说话呀！\", never hang up first."),
    ("02 客户经理", ["02 客戶經理", "02 银行客服经理", "02 銀行客服經理", "02 customer manager", "02 bank"], "02", [(282, 304)], "银行客户经理的基本素质", "The bank customer manager",
     "A bank's customer manager serves the client's real interest: market and customer awareness, and above all risk awareness — disclose risks, promise no returns, keep to the rules."),
    ("03 保密", ["03 confidentiality", "03 隐私"], "03", [(47, 47), (52, 52), (150, 150)], "保护客户信息", "Confidentiality of customer data",
     "Keep customers' information safe and confidential; never pass one customer's data to another."),
    ("03 跟进", ["03 follow-up", "03 records", "03 记录", "03 回访", "03 记录与跟进", "03 records and follow-up"], "03", [(9, 9), (12, 12), (125, 127), (155, 159)], "记录与跟进", "Records and follow-up",
     "Record each customer's problem and what was agreed, and follow up after it is resolved to check they are satisfied."),
    ("04 心理素质", ["04 psychology", "04 composure"], "04", [(69, 74), (188, 194)], "心理素质", "Psychological qualities",
     "Composure in surprises, taking misunderstanding and even abuse without breaking, regulating your own feelings, and giving the hundredth customer the same warmth as the first."),
    ("04 品格", ["04 character"], "04", [(75, 81), (238, 241)], "品格素质", "Character",
     "Tolerance, keeping your word (no rash promises), owning responsibility instead of passing it on, sincerity and humility."),
    ("04 三要三不", ["04 三要、三不", "04 three dos", "04 四个一样"], "04", [(108, 111)], "“三要、三不、四个一样”", "Three dos, three don'ts, four the sames",
     "Do: start with \"请\", keep \"您\" in every sentence, end with a goodbye. Don't: use harsh words, shift responsibility, blame the customer. Treat strangers and regulars, busy and quiet times, good and bad moods the same."),
    ("05 §1.1", [], "05", [(19, 22)], "主动服务", "Proactive service",
     "Do not wait for the customer to chase you: reach out first with what they need to know."),
    ("05 §1.2", [], "05", [(23, 26)], "换位思考", "Perspective first, then procedure",
     "A reply can follow the process and still hurt: soothe the feeling first, then solve the problem."),
    ("05 §1.3", [], "05", [(27, 30)], "尊重为本", "Respect: a person, not a case",
     "Do not label customers as troublesome; respect each one as a person."),
    ("05 §2.1", [], "05", [(37, 40)], "倾听", "Listening: let them finish",
     "Many failures come from rushing to answer: let the customer finish before you reply."),
    ("05 §2.2", [], "05", [(41, 44)], "用“我们”替代“你”", "\"We\" instead of \"you\"",
     "Say \"we\" to stand on the customer's side (\"我们一起看看\") and never \"你们…\" to push the problem away."),
    ("05 §2.3", [], "05", [(45, 48)], "语气与标点", "Tone and punctuation",
     "On the phone tone, in chat punctuation and particles carry feeling: they are part of the message."),
    ("05 §3", ["05 §3.0", "05 responsibility"], "05", [(51, 53)], "责任态度", "Responsibility: close the loop",
     "Do not kick the ball between departments: own the customer's problem until it is closed."),
]


def passage(lines, ranges):
    parts = []
    for start, end in ranges:
        text = " ".join(l.strip() for l in lines[start - 1:end] if l.strip())
        if text:
            parts.append(text)
    text = "\n\n".join(parts)
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rstrip() + "……"
    return text


def main():
    cache = {}
    out = []
    for sid, aliases, file, ranges, title_zh, title_en, summary_en in INDEX:
        if file not in cache:
            cache[file] = (SOURCE / FILES[file]).read_text(encoding="utf-8").splitlines()
        text = passage(cache[file], ranges)
        if not text:
            sys.exit(f"{sid}: empty passage (lines {ranges} of {FILES[file]})")
        out.append({
            "id": sid,
            "aliases": aliases,
            "source": FILES[file],
            "lines": [list(r) for r in ranges],
            "title": {"zh": title_zh, "en": title_en},
            "summary": {"en": summary_en},
            "passage": text,
        })
    # The index (ids, aliases, titles) is small and embedded in the app, so
    # every cited section shows its name at once; the passages are fetched
    # when a trainee first opens one (they are most of the bytes).
    index = [{k: s[k] for k in ("id", "aliases", "title")} for s in out]
    passages = {s["id"]: {"source": s["source"], "lines": s["lines"], "summary": s["summary"], "passage": s["passage"]} for s in out}
    for name, data in (("index.json", {"sections": index}), ("passages.json", {"passages": passages})):
        dest = ROOT / "guidelines" / name
        dest.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"{dest.relative_to(ROOT)}: {len(out)} sections, {dest.stat().st_size} bytes")


if __name__ == "__main__":
    main()
