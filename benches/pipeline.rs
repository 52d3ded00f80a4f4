//! Criterion benchmarks of the pipeline: each stage on the example briefs
//! (the web page among them), the whole build, a batch, and how cost grows
//! with a brief's length.
//!
//! Run with `cargo bench -p brief-bench`; one group with
//! `cargo bench -p brief-bench -- layout`. The benchmarks are a crate of
//! their own so that `cargo test` never compiles criterion.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use brief::cli::Files;
use brief::model;
use brief::text::FontBook;

fn briefs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../briefs")
}

/// Every example brief: its name, source and files (its folder, and its
/// office's house file).
fn examples() -> Vec<(String, Vec<u8>, Files)> {
    let mut v = Vec::new();
    for office in std::fs::read_dir(briefs_dir()).expect("briefs/").filter_map(|e| Some(e.ok()?.path())) {
        for p in std::fs::read_dir(&office).into_iter().flatten().filter_map(|e| Some(e.ok()?.path())) {
            if p.extension().is_some_and(|e| e == "toml") && !p.ends_with("house.toml") {
                let name = p.file_stem().expect("a name").to_string_lossy().into_owned();
                v.push((name, std::fs::read(&p).expect("readable"), Files::in_dir(&office)));
            }
        }
    }
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// The briefing note with its sections (not its quotes) repeated `times`
/// times: 1 gives 3 pages, 100 gives 161 (500 sections, the most a brief
/// may have).
fn long_brief(times: usize) -> Vec<u8> {
    let src = std::fs::read_to_string(briefs_dir().join("who/briefing-note.toml")).expect("briefing note");
    let start = src.find("[[section]]").expect("sections");
    let end = src.find("[contact]").expect("contact");
    let sections: String = src[start..end]
        .split("\n[[")
        .map(|t| if t.starts_with("[[") { t.to_owned() } else { format!("[[{t}") })
        .filter(|t| t.starts_with("[[section]]"))
        .map(|t| t + "\n")
        .collect();
    format!("{}{}{}", &src[..start], sections.repeat(times), &src[end..]).into_bytes()
}

fn stages(c: &mut Criterion) {
    let book = FontBook::shared();
    for (name, src, res) in examples() {
        let brief = model::parse(&src, &res).expect("valid example").brief;
        let doc = brief::layout::layout(&brief, book);
        let mut g = c.benchmark_group(format!("stage/{name}"));
        g.bench_function("parse", |b| b.iter(|| model::parse(black_box(&src), &res).map(|p| p.brief.title.len())));
        g.bench_function("layout", |b| b.iter(|| brief::layout::layout(black_box(&brief), book).pages.len()));
        g.bench_function("pdf", |b| b.iter(|| brief::pdf::write(black_box(&doc), book).map(|p| p.len())));
        // The web page from the same brief: set beside the PDF, it should
        // cost under a tenth of laying out and writing the PDF.
        let options = brief::web::Options::default();
        g.bench_function("html", |b| b.iter(|| brief::web::page(black_box(&brief), &options).len()));
        g.bench_function("build", |b| b.iter(|| brief::build(black_box(&src), &res).map(|p| p.pdf.len())));
        g.finish();
    }
}

fn batch(c: &mut Criterion) {
    // A hundred different briefs: the examples with numbered titles.
    let inputs: Vec<(Vec<u8>, Files)> = examples()
        .iter()
        .cycle()
        .take(100)
        .enumerate()
        .map(|(i, (_, src, res))| {
            let src = String::from_utf8_lossy(src).replacen("title = \"", &format!("title = \"{i}. "), 1);
            (src.into_bytes(), res.clone())
        })
        .collect();
    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.throughput(Throughput::Elements(inputs.len() as u64));
    g.bench_function("100 briefs", |b| {
        b.iter(|| {
            inputs.iter().map(|(src, res)| brief::build(src, res).map(|p| p.pdf.len()).unwrap_or(0)).sum::<usize>()
        })
    });
    g.finish();
}

/// What a house file costs: the press release under its office's house
/// file against the same brief written whole (the same PDF).
fn house(c: &mut Criterion) {
    let under = std::fs::read(briefs_dir().join("unoct/press-release.toml")).expect("press release");
    let whole = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/good/press-release-whole.toml"))
        .expect("the press release written whole");
    let office = Files::in_dir(briefs_dir().join("unoct"));
    let alone = Files::in_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/good"));
    let mut g = c.benchmark_group("house");
    g.bench_function("press release, whole", |b| {
        b.iter(|| brief::build(black_box(&whole), &alone).map(|p| p.pdf.len()))
    });
    g.bench_function("press release, under its house", |b| {
        b.iter(|| brief::build(black_box(&under), &office).map(|p| p.pdf.len()))
    });
    g.bench_function("parse, whole", |b| {
        b.iter(|| model::parse(black_box(&whole), &alone).map(|p| p.brief.title.len()))
    });
    g.bench_function("parse, under its house", |b| {
        b.iter(|| model::parse(black_box(&under), &office).map(|p| p.brief.title.len()))
    });
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let res = Files::in_dir(briefs_dir().join("who"));
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10);
    for times in [1, 10, 100] {
        let src = long_brief(times);
        let pages =
            brief::layout::layout(&model::parse(&src, &res).expect("valid").brief, FontBook::shared()).pages.len();
        g.throughput(Throughput::Elements(pages as u64));
        g.bench_with_input(BenchmarkId::new("build", format!("{pages} pages")), &src, |b, src| {
            b.iter(|| brief::build(black_box(src), &res).map(|p| p.pdf.len()))
        });
    }
    g.finish();
}

criterion_group!(benches, stages, batch, house, scaling);
criterion_main!(benches);
