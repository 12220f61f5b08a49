//! Company policy: the shop's real offers and rules, facts the trainee may
//! state, and phrases the company forbids or wants, each with points, a
//! message and the policy line it comes from.
//!
//! A policy is a JSON file (`scenarios/policy.schema.json` describes it),
//! read by one validator ([`load`]) shared by the browser and `dojo
//! validate`. The scorer applies the active policy after its own rules
//! (`scorer::policy`): the built-in rules stay the base. A policy only adds —
//! it has no way to switch a rule off, and a phrase that would silence a
//! built-in rule or reward what one penalises is refused by the validator.

mod validate;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::scorer::Competency;

pub use validate::{load, PolicyProblem, MAX_POLICY_BYTES};

/// The `format` field of a policy file.
pub const POLICY_FORMAT: &str = "service-dojo-policy";
/// The version of the policy format.
pub const POLICY_VERSION: u32 = 1;

/// Whether a file's text says it is a policy file (its `format` field),
/// so `dojo validate` and the browser's import send it to [`load`].
pub fn is_policy(source: &str) -> bool {
    // Only the quoted format name is looked for: a policy file that is
    // damaged or too large still goes to the policy validator, which then
    // says what is wrong with it as a policy.
    source.contains(&format!("\"{POLICY_FORMAT}\""))
}

/// One line of the company's policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Lower-case letters, digits and '-'; unique in the policy.
    pub id: String,
    /// The policy line as the company writes it ("Members get 5% off").
    pub line: Text,
    /// What the trainee may say (offers, facts) or must not / should say
    /// (forbidden, wanted). Matched in the reply like the scorer's phrases:
    /// traditional/simplified, full-width/half-width and case do not matter.
    pub phrases: Vec<String>,
    /// Points the reply gets when it says one of the phrases.
    pub points: i32,
    /// The competency the points go to (integrity unless said).
    #[serde(default = "integrity")]
    pub competency: Competency,
    /// What the trainee is told.
    pub message: Text,
}

fn integrity() -> Competency {
    Competency::Integrity
}

/// A company's policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Lets editors find the schema; ignored by the app.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    pub format: String,
    pub version: u32,
    pub name: Text,
    /// Real offers (member discount, free-shipping threshold, gifts): quoting
    /// one is honest, not an unauthorised discount.
    #[serde(default)]
    pub offers: Vec<Item>,
    /// Facts the trainee may state (return window, delivery times,
    /// warranty): stating one is not an absolute promise or a false claim.
    #[serde(default)]
    pub facts: Vec<Item>,
    /// Phrases the company forbids: a finding (negative points) citing the policy.
    #[serde(default)]
    pub forbidden: Vec<Item>,
    /// Phrases the company wants: they earn points.
    #[serde(default)]
    pub wanted: Vec<Item>,
}

/// The four lists of a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Offer,
    Fact,
    Forbidden,
    Wanted,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Offer, Kind::Fact, Kind::Forbidden, Kind::Wanted];

    /// The JSON field of the list.
    pub fn field(self) -> &'static str {
        match self {
            Kind::Offer => "offers",
            Kind::Fact => "facts",
            Kind::Forbidden => "forbidden",
            Kind::Wanted => "wanted",
        }
    }

    /// The rule id prefix of the findings it gives (`policy.offer.<id>`).
    pub fn rule_prefix(self) -> &'static str {
        match self {
            Kind::Offer => "policy.offer.",
            Kind::Fact => "policy.fact.",
            Kind::Forbidden => "policy.forbidden.",
            Kind::Wanted => "policy.wanted.",
        }
    }

    pub fn name(self) -> Text {
        match self {
            Kind::Offer => Text::new("真实的优惠", "Real offers"),
            Kind::Fact => Text::new("可以说明的事实", "Facts the trainee may state"),
            Kind::Forbidden => Text::new("公司禁止的说法", "Phrases the company forbids"),
            Kind::Wanted => Text::new("公司希望的说法", "Phrases the company wants"),
        }
    }

    /// The points an item of this list may carry.
    pub fn points_range(self) -> std::ops::RangeInclusive<i32> {
        match self {
            Kind::Offer | Kind::Fact => 0..=10,
            Kind::Forbidden => -40..=-1,
            Kind::Wanted => 1..=10,
        }
    }
}

impl Policy {
    /// An empty policy with a name.
    pub fn new(name: Text) -> Policy {
        Policy {
            schema: None,
            format: POLICY_FORMAT.into(),
            version: POLICY_VERSION,
            name,
            offers: Vec::new(),
            facts: Vec::new(),
            forbidden: Vec::new(),
            wanted: Vec::new(),
        }
    }

    pub fn list(&self, kind: Kind) -> &Vec<Item> {
        match kind {
            Kind::Offer => &self.offers,
            Kind::Fact => &self.facts,
            Kind::Forbidden => &self.forbidden,
            Kind::Wanted => &self.wanted,
        }
    }

    pub fn list_mut(&mut self, kind: Kind) -> &mut Vec<Item> {
        match kind {
            Kind::Offer => &mut self.offers,
            Kind::Fact => &mut self.facts,
            Kind::Forbidden => &mut self.forbidden,
            Kind::Wanted => &mut self.wanted,
        }
    }

    /// Every item with its list.
    pub fn items(&self) -> impl Iterator<Item = (Kind, &Item)> {
        Kind::ALL
            .into_iter()
            .flat_map(move |k| self.list(k).iter().map(move |i| (k, i)))
    }

    pub fn is_empty(&self) -> bool {
        self.items().next().is_none()
    }

    pub fn to_json(&self) -> String {
        format!(
            "{}\n",
            serde_json::to_string_pretty(self).unwrap_or_default()
        )
    }

    /// An example a trainer starts from: a member discount, a free-shipping
    /// threshold, a return window, one forbidden and one wanted phrase.
    pub fn example() -> Policy {
        let item =
            |id: &str, line: (&str, &str), phrases: &[&str], points: i32, msg: (&str, &str)| Item {
                id: id.into(),
                line: Text::new(line.0, line.1),
                phrases: phrases.iter().map(|p| p.to_string()).collect(),
                points,
                competency: Competency::Integrity,
                message: Text::new(msg.0, msg.1),
            };
        let mut policy = Policy::new(Text::new("本店政策", "Our shop's policy"));
        policy.offers.push(item(
            "member-discount",
            ("会员购物享受 95 折。", "Members get 5% off every order."),
            &[
                "会员95折",
                "会员九五折",
                "会员享受95折",
                "会员享受九五折",
                "会员打95折",
                "会员打九五折",
                "members get 5% off",
                "5% member discount",
                "member discount",
            ],
            4,
            (
                "说明的是公司真实的会员优惠：诚实。",
                "Quotes the company's real member discount: honest.",
            ),
        ));
        policy.offers.push(item(
            "free-shipping",
            (
                "订单满 99 元包邮。",
                "Free shipping on orders over 99 yuan.",
            ),
            &[
                "满99包邮",
                "满99元包邮",
                "满九十九包邮",
                "free shipping over 99",
                "free shipping on orders over 99",
            ],
            4,
            (
                "说明的是公司真实的包邮门槛：诚实。",
                "Quotes the company's real free-shipping threshold: honest.",
            ),
        ));
        policy.facts.push(item(
            "return-window",
            (
                "签收后 7 天内无理由退货。",
                "Returns within 7 days of delivery, no reason needed.",
            ),
            &[
                "7天无理由退货",
                "七天无理由退货",
                "7天内无理由退货",
                "7-day returns",
                "return it within 7 days",
            ],
            2,
            (
                "说明的是公司真实的退货规则。",
                "States the company's real return window.",
            ),
        ));
        policy.forbidden.push(item(
            "no-competitor-talk",
            ("不评论其他店铺。", "Never comment on other shops."),
            &["别家", "其他店都", "other shops are worse"],
            -10,
            (
                "公司规定不评论其他店铺。",
                "Company policy: never comment on other shops.",
            ),
        ));
        policy.wanted.push(item(
            "order-number",
            ("先请顾客提供订单号。", "Ask for the order number first."),
            &["订单号", "order number"],
            3,
            (
                "按公司流程先确认订单号。",
                "Follows the company's process: confirms the order number first.",
            ),
        ));
        policy
    }
}
