use brief::model::*;
use brief::geom::Color;
fn sp(t: &str) -> Inline { Inline(vec![Span { text: t.into(), bold: false, italic: false, link: None }]) }
fn main() {
    let para = "Convened under the auspices of Secretary-General António Guterres, the Second United Nations High-Level Conference of Counter-Terrorism Agencies of Member States on “Countering and Preventing Terrorism in the Age of Transformative Technologies” concluded today. Organized by the United Nations Office of Counter-Terrorism (UNOCT), the Conference featured 13 interactive sessions.";
    let b = Brief {
        title: "The Secretary-General highlights responsible use of new technologies in counter-terrorism as Second Counter-Terrorism Week concludes".into(),
        date: BriefDate { day: chrono::NaiveDate::from_ymd_opt(2021,6,30).unwrap(), time: None, offset: None },
        kind: "Press release".into(), organization: Some("United Nations Office of Counter-Terrorism".into()), symbol: Some("UNOCT/PR/2021/30".into()),
        subtitle: Some("Almost 1,000 participants from 147 Member States".into()), place: Some("New York".into()),
        language: Language { tag: "en".into(), primary: "en".into() }, notice: Some("For information media – not an official record".into()), embargo: None,
        summary: Some(sp(para)), logo: None,
        figures: vec![Figure { value: "1,000".into(), label: "participants".into(), prefix: Some("almost".into()), suffix: None, note: None }, Figure { value: "147".into(), label: "Member States".into(), prefix: None, suffix: None, note: None }, Figure { value: "13".into(), label: "interactive sessions".into(), prefix: None, suffix: None, note: Some("hybrid and online".into()) }],
        sections: (0..6).map(|i| Section { heading: Some(format!("Section {i}")), blocks: vec![Block::Paragraph(sp(para)), Block::Paragraph(sp(para))] }).collect(),
        quotes: vec![Quote { text: sp("National ownership is essential, as are the contributions that civil society and the private sector have to make."), by: Some("António Guterres".into()), role: Some("Secretary-General".into()), after: 1 }],
        contact: Some(Contact { heading: "Media contacts".into(), web: Some("https://www.un.org/counterterrorism/2021-counter-terrorism-week".into()), social: vec!["@UN_OCT".into(), "#CTWeek".into()], persons: vec![Person { name: "Ms. Laurence Gerard".into(), role: None, email: Some("gerardl@un.org".into()), phone: None }, Person { name: "Ms. Yuli Yang".into(), role: None, email: Some("yuli.yang@un.org".into()), phone: Some("+1 212 963 1234".into()) }] }),
        style: Style { page: PageSize::A4, accent: Color::rgb(0, 158, 219), font: FontChoice::Sans },
    };
    let doc = brief::layout::layout(&b, brief::text::FontBook::bundled());
    print!("{}", brief::layout::dump::dump(&doc, brief::text::FontBook::bundled()));
}
