//! Every way LMS or LRS reporting can fail, each with a message in both
//! languages. A failure never loses the local copy of a result: these
//! messages tell the trainee what did not reach the LMS or LRS, and what
//! happens next.

use super::Scorm;
use crate::cli::human_bytes;
use crate::i18n::Text;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LmsError {
    /// `--version` was neither 1.2 nor 2004.
    UnknownVersion(String),
    /// The app's files have no `index.html` to launch.
    NoLaunchPage,
    /// The app was built for the root of a site (`src="/…"`): an LMS serves
    /// a package from a folder of its own, where those links lead nowhere.
    RootBuild(String),
    /// A file path that would land outside the package (`..`, absolute, `\`).
    UnsafePath(String),
    /// Two files with the same path in the package.
    DuplicatePath(String),
    /// The zip could not be written (the zip library's own words).
    Zip(String),
    /// A package larger than the limit (a built app is a few MB).
    PackageTooLarge { size: usize, limit: usize },
    /// Even the current turn alone does not fit the suspend data limit.
    SuspendTooLarge { length: usize, limit: usize },
    /// Suspend data that this app did not write, or damaged.
    SuspendDamaged,
    /// Suspend data written by a newer version of the app.
    SuspendNewer(u32),
    /// Suspend data of another pack (the package was replaced in the LMS).
    SuspendOtherPack { theirs: String, ours: String },
    /// The package was exported for one SCORM version and the LMS runs another.
    OtherVersion { exported: Scorm, found: Scorm },
    /// An LMS call returned false: its error code and the LMS's own text.
    LmsCall {
        call: String,
        code: String,
        text: String,
    },
    /// The pack names an LRS endpoint that is not an http(s) URL.
    BadEndpoint(String),
    /// The LRS refused the key (401 or 403): retrying will not help until it changes.
    LrsRefused(u16),
    /// The LRS failed (5xx): retried with back-off.
    LrsFailed(u16),
    /// The LRS rejected the statement itself (4xx other than 401/403/409): kept, not retried.
    LrsRejected(u16),
    /// No answer in time: retried with back-off.
    LrsTimeout,
    /// No network: sent when it returns.
    Offline,
}

impl LmsError {
    pub fn message(&self) -> Text {
        use LmsError::*;
        match self {
            UnknownVersion(v) => Text::new(
                format!("不认识的 SCORM 版本“{v}”：请用 1.2 或 2004"),
                format!("unknown SCORM version “{v}”: use 1.2 or 2004"),
            ),
            NoLaunchPage => Text::new(
                "应用文件里没有 index.html，无法打包（请先构建应用）",
                "the app's files have no index.html to launch (build the app first)",
            ),
            RootBuild(link) => Text::new(
                format!("应用是按网站根目录构建的（{link}），放进 LMS 的子目录后无法加载：请用相对路径重新构建（trunk build --release --public-url ./）"),
                format!("the app was built for the root of a site ({link}) and will not load from the LMS's folder: build it with relative links (trunk build --release --public-url ./)"),
            ),
            UnsafePath(p) => Text::new(
                format!("文件路径“{p}”会落在包外，已拒绝"),
                format!("the file path “{p}” would land outside the package; refused"),
            ),
            DuplicatePath(p) => Text::new(
                format!("包里有两个同名文件“{p}”"),
                format!("two files in the package have the same path “{p}”"),
            ),
            Zip(detail) => Text::new(
                format!("无法生成 zip 文件：{detail}"),
                format!("the zip file could not be written: {detail}"),
            ),
            PackageTooLarge { size, limit } => Text::new(
                format!("SCORM 包太大（{}），上限是 {}", human_bytes(*size), human_bytes(*limit)),
                format!("the SCORM package is too large ({}; the limit is {})", human_bytes(*size), human_bytes(*limit)),
            ),
            SuspendTooLarge { length, limit } => Text::new(
                format!("当前这一轮的续学数据有 {length} 个字符，超过 LMS 的上限 {limit}：LMS 里无法从这里续学，本机的记录不受影响"),
                format!("the resume data for the current turn is {length} characters, over the LMS's limit of {limit}: the LMS cannot resume here; the copy in this browser is kept"),
            ),
            SuspendDamaged => Text::new(
                "LMS 保存的续学数据无法读取，将从头开始（本机的记录不受影响）",
                "the resume data kept by the LMS cannot be read; starting from the beginning (the copy in this browser is kept)",
            ),
            SuspendNewer(v) => Text::new(
                format!("LMS 保存的续学数据来自更新的版本（v{v}），请让培训师更新课件"),
                format!("the LMS's resume data comes from a newer version (v{v}); ask the trainer to update the package"),
            ),
            SuspendOtherPack { theirs, ours } => Text::new(
                format!("LMS 保存的续学数据属于另一个练习包（{theirs}，不是 {ours}），将从头开始"),
                format!("the LMS's resume data belongs to another pack ({theirs}, not {ours}); starting from the beginning"),
            ),
            OtherVersion { exported, found } => Text::new(
                format!("这个课件是按 {} 导出的，但 LMS 提供的是 {}：请培训师按 LMS 的版本重新导出。成绩仍保存在本机", exported.name(), found.name()),
                format!("this package was exported for {}, but the LMS runs {}: ask the trainer to export it again for the LMS's version. Your results are kept in this browser", exported.name(), found.name()),
            ),
            LmsCall { call, code, text } => Text::new(
                format!("LMS 拒绝了 {call}（错误 {code}：{text}）。成绩仍保存在本机，可以下载结果文件交给培训师"),
                format!("the LMS refused {call} (error {code}: {text}). Your results are kept in this browser; you can download the results file for your trainer"),
            ),
            BadEndpoint(url) => Text::new(
                format!("练习包里的 LRS 地址“{url}”不是 http(s) 地址，不会发送学习记录"),
                format!("the pack's LRS address “{url}” is not an http(s) URL; no statements are sent"),
            ),
            LrsRefused(status) => Text::new(
                format!("LRS 拒绝了密钥（HTTP {status}）：学习记录保留在本机队列中，请培训师检查练习包里的 LRS 密钥"),
                format!("the LRS refused the key (HTTP {status}): statements stay queued in this browser; ask the trainer to check the pack's LRS key"),
            ),
            LrsFailed(status) => Text::new(
                format!("LRS 出错（HTTP {status}）：学习记录保留在本机，稍后自动重试"),
                format!("the LRS failed (HTTP {status}): statements are kept in this browser and retried later"),
            ),
            LrsRejected(status) => Text::new(
                format!("LRS 不接受这条学习记录（HTTP {status}）：已保留在本机，不再重试"),
                format!("the LRS does not accept this statement (HTTP {status}): it is kept in this browser and not retried"),
            ),
            LrsTimeout => Text::new(
                "LRS 没有及时应答：学习记录保留在本机，稍后自动重试",
                "the LRS did not answer in time: statements are kept in this browser and retried later",
            ),
            Offline => Text::new(
                "没有网络：学习记录保留在本机，联网后按顺序发送",
                "offline: statements are kept in this browser and sent in order when the network returns",
            ),
        }
    }
}
