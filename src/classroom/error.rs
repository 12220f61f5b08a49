//! Every way a pack, a results file or an import can be refused, each with a
//! message in both languages (the UI picks one; no parser text is mixed in).

use crate::cli::{grouped, human_bytes};
use crate::i18n::Text;
use crate::scorer::Competency;

/// An id from a file, cut to a length a message can show.
fn short(id: &str) -> String {
    if id.chars().count() <= 60 {
        id.to_string()
    } else {
        format!("{}…", id.chars().take(60).collect::<String>())
    }
}

/// What was being read: named in messages, and it decides the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    PackFile,
    PackCode,
    ResultsFile,
    ResultsCode,
}

impl Input {
    pub fn name(self) -> Text {
        match self {
            Input::PackFile => Text::new("练习包文件", "pack file"),
            Input::PackCode => Text::new("练习包链接", "pack link"),
            Input::ResultsFile => Text::new("结果文件", "results file"),
            Input::ResultsCode => Text::new("结果码", "results code"),
        }
    }

    /// A size in this input's unit: bytes for files, characters for codes.
    fn size(self, n: usize) -> Text {
        match self {
            Input::PackFile | Input::ResultsFile => Text::new(human_bytes(n), human_bytes(n)),
            Input::PackCode | Input::ResultsCode => {
                let n = grouped(n);
                Text::new(format!("{n} 个字符"), format!("{n} characters"))
            }
        }
    }
}

/// Why a pack or a results file was refused, or left out of the dashboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassroomError {
    /// Larger than its limit; refused before it is parsed.
    TooLarge {
        what: Input,
        size: usize,
        limit: usize,
    },
    /// A share link too long to travel reliably.
    LinkTooLong {
        length: usize,
        limit: usize,
    },
    /// A code that does not decode (not base64, not UTF-8, cut short).
    DamagedCode(Input),
    /// A compressed results code that would inflate past the file limit
    /// (stopped at the limit, so its full size is not known).
    InflatesTooLarge {
        limit: usize,
    },
    /// Not JSON: where the first problem is.
    NotJson {
        what: Input,
        line: usize,
        column: usize,
    },
    /// JSON, but a field is missing or has the wrong type or value (JSON pointer).
    WrongShape {
        what: Input,
        path: String,
    },
    /// JSON of some other kind (wrong `format` marker).
    NotOurs(Input),
    NewerVersion {
        what: Input,
        version: u32,
    },
    NameMissing(Input),
    NameTooLong {
        what: Input,
        limit: usize,
    },
    NoScenarios,
    TooManyScenarios {
        count: usize,
        limit: usize,
    },
    UnknownScenarios(Vec<String>),
    PassMarkOutOfRange {
        competency: Competency,
        value: u8,
    },
    ReplySecondsOutOfRange {
        seconds: u32,
        limit: u32,
    },
    /// The checksum (or the pack id) does not match the content.
    Checksum,
    /// A time that is not a finite, non-negative number of milliseconds.
    BadTime,
    /// Not one session per scenario of the pack.
    SessionCount {
        found: usize,
        expected: usize,
    },
    /// The session at this position (1-based) is not the pack's scenario there.
    UnexpectedScenario {
        position: usize,
        found: String,
        expected: String,
    },
    UnknownTurn {
        scenario: String,
        turn: String,
    },
    UnknownEnding {
        scenario: String,
        ending: String,
    },
    /// A score above 100 (`turn` is `None` for the session's average).
    ScoreOutOfRange {
        scenario: String,
        turn: Option<String>,
        value: u8,
    },
    TooManyExchanges {
        scenario: String,
        count: usize,
        limit: usize,
    },
    /// A finding marks words outside its reply.
    BadSpan {
        scenario: String,
        turn: String,
    },
    /// The pass/fail written in the file is not what its scores give.
    VerdictMismatch,
    /// Results of another pack than the class's.
    OtherPack {
        theirs: String,
        ours: String,
    },
    /// The very same results were already imported (from `of`).
    Duplicate {
        of: String,
    },
    /// Same results id as `of`, different content: one of them was altered.
    SameId {
        of: String,
    },
    /// A rush-hour round or its results (see `rush_round`).
    Rush(super::rush_round::RushError),
    /// A compressed pack code that would inflate past the pack file limit.
    PackInflatesTooLarge {
        limit: usize,
    },
    /// More of the trainer's own scenarios than a pack may carry.
    TooManyCustom {
        count: usize,
        limit: usize,
    },
    /// A scenario carried by the pack has the id of a built-in one.
    CustomHidesBuiltin(String),
    /// A scenario carried by the pack that it does not play (or carries twice).
    CustomNotPlayed(String),
    /// A scenario carried by the pack that the validator refuses.
    BadCustom {
        id: String,
        message: Text,
    },
    /// The pack's policy that the policy validator refuses.
    BadPolicy(Text),
}

impl ClassroomError {
    pub fn message(&self) -> Text {
        use ClassroomError::*;
        match self {
            TooLarge { what, size, limit } => {
                let (name, size, limit) = (what.name(), what.size(*size), what.size(*limit));
                let (zh_hint, en_hint) = match what {
                    Input::PackCode => ("；请向培训师索取练习包文件", "; ask the trainer for the pack file instead"),
                    Input::ResultsCode => ("；请改用结果文件", "; use the results file instead"),
                    _ => ("", ""),
                };
                Text::new(
                    format!("{}太大（{}），上限是 {}{zh_hint}", name.zh, size.zh, limit.zh),
                    format!(
                        "the {} is too large ({}; the limit is {}){en_hint}",
                        name.en, size.en, limit.en
                    ),
                )
            }
            LinkTooLong { length, limit } => {
                let (length, limit) = (grouped(*length), grouped(*limit));
                Text::new(
                format!(
                    "分享链接会有 {length} 个字符，超过 {limit} 个字符的上限，浏览器和聊天工具可能把它截断。请下载练习包文件，改为分享文件。"
                ),
                format!(
                    "The share link would be {length} characters long, over the limit of {limit}: browsers and chat apps may cut it. Download the pack file and share the file instead."
                ),
            )
            }
            InflatesTooLarge { limit } => {
                let limit = human_bytes(*limit);
                Text::new(
                    format!("结果码解压后超过 {limit} 的上限；请改用结果文件"),
                    format!("the results code unpacks to more than the limit of {limit}; use the results file instead"),
                )
            }
            DamagedCode(what) => Text::new(
                format!("{}已损坏（可能没有复制完整）", what.name().zh),
                format!("the {} is damaged (perhaps not copied in full)", what.name().en),
            ),
            NotJson { what, line, column } => Text::new(
                format!("不是{}：第 {line} 行第 {column} 列无法读取", what.name().zh),
                format!("not a {}: unreadable at line {line}, column {column}", what.name().en),
            ),
            WrongShape { what, path } => Text::new(
                format!("{}的内容不符合格式：{path} 处缺少内容或取值不对", what.name().zh),
                format!("the {} does not have the expected content: missing or invalid value at {path}", what.name().en),
            ),
            NotOurs(what) => Text::new(
                format!("这不是客服陪练场的{}", what.name().zh),
                format!("this is not a Service Dojo {}", what.name().en),
            ),
            NewerVersion { what, version } => Text::new(
                format!("{}来自更新的版本（v{version}），请先更新本应用", what.name().zh),
                format!("the {} comes from a newer version (v{version}); update this app first", what.name().en),
            ),
            NameMissing(what) => match what {
                Input::PackFile | Input::PackCode => Text::new("练习包没有名称", "the pack has no name"),
                _ => Text::new("结果里没有学员姓名", "the results carry no trainee name"),
            },
            NameTooLong { what, limit } => match what {
                Input::PackFile | Input::PackCode => Text::new(
                    format!("练习包名称超过 {limit} 个字"),
                    format!("the pack name is longer than {limit} characters"),
                ),
                _ => Text::new(
                    format!("学员姓名超过 {limit} 个字"),
                    format!("the trainee name is longer than {limit} characters"),
                ),
            },
            NoScenarios => Text::new("练习包里没有场景", "the pack has no scenarios"),
            TooManyScenarios { count, limit } => Text::new(
                format!("练习包里有 {count} 个场景，上限是 {limit} 个"),
                format!("the pack has {count} scenarios; the limit is {limit}"),
            ),
            UnknownScenarios(ids) => Text::new(
                format!("练习包里有本版本没有的场景：{}", ids.join("、")),
                format!("the pack names scenarios this version does not have: {}", ids.join(", ")),
            ),
            PassMarkOutOfRange { competency, value } => Text::new(
                format!("“{}”的及格线 {value} 超出 0–100", competency.name().zh),
                format!("the pass mark for {} is {value}, outside 0–100", competency.name().en),
            ),
            ReplySecondsOutOfRange { seconds, limit } => Text::new(
                format!("每句回复限时 {seconds} 秒不合理（应为 1–{limit} 秒）"),
                format!("a reply time limit of {seconds} s is out of range (1–{limit} s)"),
            ),
            Checksum => Text::new(
                "校验和不符：文件被改动或已损坏",
                "the checksum does not match: the file was edited or damaged",
            ),
            BadTime => Text::new("结果里的时间无效", "the results carry an invalid time"),
            SessionCount { found, expected } => Text::new(
                format!("结果里有 {found} 个场景的记录，练习包有 {expected} 个场景"),
                format!("the results hold {found} sessions, but the pack has {expected} scenarios"),
            ),
            UnexpectedScenario { position, found, expected } => Text::new(
                format!("第 {position} 个记录是场景“{found}”，练习包此处是“{expected}”"),
                format!("session {position} is scenario “{found}”, but the pack has “{expected}” there"),
            ),
            UnknownTurn { scenario, turn } => Text::new(
                format!("场景“{scenario}”里没有对话轮次“{turn}”"),
                format!("scenario “{scenario}” has no turn “{turn}”"),
            ),
            UnknownEnding { scenario, ending } => Text::new(
                format!("场景“{scenario}”里没有结局“{ending}”"),
                format!("scenario “{scenario}” has no ending “{ending}”"),
            ),
            ScoreOutOfRange { scenario, turn, value } => match turn {
                Some(turn) => Text::new(
                    format!("分数 {value} 超出 0–100（场景“{scenario}”，轮次“{turn}”）"),
                    format!("a score of {value} is outside 0–100 (scenario “{scenario}”, turn “{turn}”)"),
                ),
                None => Text::new(
                    format!("分数 {value} 超出 0–100（场景“{scenario}”）"),
                    format!("a score of {value} is outside 0–100 (scenario “{scenario}”)"),
                ),
            },
            TooManyExchanges { scenario, count, limit } => Text::new(
                format!("场景“{scenario}”有 {count} 句回复，上限是 {limit} 句"),
                format!("scenario “{scenario}” has {count} replies; the limit is {limit}"),
            ),
            BadSpan { scenario, turn } => Text::new(
                format!("场景“{scenario}”轮次“{turn}”的标注超出了回复的范围"),
                format!("a finding in scenario “{scenario}”, turn “{turn}” marks text outside the reply"),
            ),
            VerdictMismatch => Text::new(
                "文件里写的“通过/未通过”与其中的分数不符",
                "the pass/fail written in the file does not match its scores",
            ),
            OtherPack { theirs, ours } => Text::new(
                format!("属于另一个练习包“{theirs}”，不是“{ours}”"),
                format!("belongs to another pack (“{theirs}”, not “{ours}”)"),
            ),
            Duplicate { of } => Text::new(
                format!("与已导入的“{of}”重复（同一份结果）"),
                format!("a duplicate of “{of}”, already imported"),
            ),
            SameId { of } => Text::new(
                format!("与已导入的“{of}”编号相同但内容不同：其中一份被改动过"),
                format!("has the same results id as “{of}” but different content: one of them was altered"),
            ),
            Rush(e) => e.message(),
            PackInflatesTooLarge { limit } => {
                let limit = human_bytes(*limit);
                Text::new(
                    format!("练习包链接解压后超过 {limit} 的上限，未读取"),
                    format!("the pack link unpacks to more than the limit of {limit}; it was not read"),
                )
            }
            TooManyCustom { count, limit } => Text::new(
                format!("练习包带有 {count} 个自编场景，上限是 {limit} 个"),
                format!("the pack carries {count} of the trainer's own scenarios; at most {limit} are allowed"),
            ),
            CustomHidesBuiltin(id) => Text::new(
                format!("练习包带的场景“{}”与内置场景同名，已拒绝（不能替换内置场景）", short(id)),
                format!("the pack carries a scenario “{}” with a built-in scenario's id; refused (a pack cannot replace a built-in scenario)", short(id)),
            ),
            CustomNotPlayed(id) => Text::new(
                format!("练习包带的场景“{}”不在练习列表中或重复出现", short(id)),
                format!("the pack carries the scenario “{}” without playing it, or twice", short(id)),
            ),
            BadCustom { id, message } => Text::new(
                format!("练习包带的场景“{}”有错误：{}", short(id), message.zh),
                format!("the pack's scenario “{}” has problems: {}", short(id), message.en),
            ),
            BadPolicy(message) => Text::new(
                format!("练习包带的公司政策有错误：{}", message.zh),
                format!("the pack's company policy has problems: {}", message.en),
            ),
        }
    }
}
