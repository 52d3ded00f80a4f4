//! Criterion benchmarks of the pipeline: each stage on the example briefs,
//! the whole build, a batch, and how cost grows with a brief's length.
//!
//! Run with `cargo bench`; one group with `cargo bench -- layout`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use brief::model::{self, Resources};
use brief::text::FontBook;

struct Dir(PathBuf);

impl Resources for Dir {
    fn load(&self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(self.0.join(path)).map_err(|e| e.to_string())
    }
}

fn briefs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs")
}

fn examples() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(briefs_dir())
        .expect("briefs/")
        .filter_map(|e| {
            let p = e.ok()?.path();
            if p.extension()? != "toml" {
                return None;
            }
            Some((p.file_stem()?.to_string_lossy().into_owned(), std::fs::read(&p).ok()?))
        })
        .collect();
    v.sort();
    v
}

/// The briefing note with its sections (not its quotes) repeated `times`
/// times: 1 gives 3 pages, 100 gives 161 (500 sections, the most a brief
/// may have).
fn long_brief(times: usize) -> Vec<u8> {
    let src = std::fs::read_to_string(briefs_dir().join("briefing-note.toml")).expect("briefing note");
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
    let res = Dir(briefs_dir());
    let book = FontBook::shared();
    for (name, src) in examples() {
        let brief = model::parse(&src, &res).expect("valid example").brief;
        let doc = brief::layout::layout(&brief, book);
        let mut g = c.benchmark_group(format!("stage/{name}"));
        g.bench_function("parse", |b| b.iter(|| model::parse(black_box(&src), &res).map(|p| p.brief.title.len())));
        g.bench_function("layout", |b| b.iter(|| brief::layout::layout(black_box(&brief), book).pages.len()));
        g.bench_function("pdf", |b| b.iter(|| brief::pdf::write(black_box(&doc), book).map(|p| p.len())));
        g.bench_function("build", |b| b.iter(|| brief::build(black_box(&src), &res).map(|p| p.pdf.len())));
        g.finish();
    }
}

fn batch(c: &mut Criterion) {
    let res = Dir(briefs_dir());
    // A hundred different briefs: the examples with numbered titles.
    let inputs: Vec<Vec<u8>> = examples()
        .iter()
        .cycle()
        .take(100)
        .enumerate()
        .map(|(i, (_, src))| {
            String::from_utf8_lossy(src).replacen("title = \"", &format!("title = \"{i}. "), 1).into_bytes()
        })
        .collect();
    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.throughput(Throughput::Elements(inputs.len() as u64));
    g.bench_function("100 briefs", |b| {
        b.iter(|| inputs.iter().map(|src| brief::build(src, &res).map(|p| p.pdf.len()).unwrap_or(0)).sum::<usize>())
    });
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let res = Dir(briefs_dir());
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

criterion_group!(benches, stages, batch, scaling);
criterion_main!(benches);
