//! Reading CSV text: the header understood once, records read one by one, values found by
//! column name, and the reader's own errors turned into [`DataError`]s.

use std::collections::HashMap;
use std::io::Read;

use ::csv::{ErrorKind, ReaderBuilder, StringRecord};
use serde_json::{Map, Value};

use crate::error::{DataError, RecordRef};
use crate::network::validate::Findings;

/// An open CSV input with its header understood.
pub(super) struct CsvFile<'a, R> {
    reader: ::csv::Reader<R>,
    name: &'a str,
    pub(super) layout: Layout,
}

/// Where the known columns are, and the other columns with their names.
pub(super) struct Layout {
    cols: Vec<Option<usize>>,
    extra: Vec<(usize, String)>,
    header: Vec<String>,
}

impl Layout {
    /// The export's layout: known column `i` at position `i`, no `json`.
    pub(super) fn fixed(n: usize) -> Layout {
        Layout {
            cols: (0..n).map(Some).collect(),
            extra: Vec::new(),
            header: Vec::new(),
        }
    }
}

impl<'a, R: Read> CsvFile<'a, R> {
    pub(super) fn open(
        input: R,
        name: &'a str,
        known: &[&str],
        required: &[usize],
    ) -> Result<Self, DataError> {
        let mut reader = ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .buffer_capacity(1 << 16)
            .from_reader(input);
        let header_err = |field: &str, problem: String| {
            DataError::invalid(name, RecordRef::Header, field, problem)
        };
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h
                .iter()
                .enumerate()
                // A UTF-8 byte order mark is not part of the first column's name.
                .map(|(i, s)| {
                    if i == 0 {
                        s.trim_start_matches('\u{feff}')
                    } else {
                        s
                    }
                })
                .map(|s| s.trim().to_string())
                .collect(),
            Err(e) => return Err(csv_error(e, name, &[])),
        };
        let wanted = required
            .iter()
            .map(|&c| known[c])
            .collect::<Vec<_>>()
            .join(",");
        if header.iter().all(String::is_empty) {
            return Err(header_err(
                known[required[0]],
                format!("the file is empty: expected a header row naming the columns, at least `{wanted}`"),
            ));
        }
        let mut layout = Layout {
            cols: vec![None; known.len()],
            extra: Vec::new(),
            header: header.clone(),
        };
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() {
                return Err(header_err(
                    &format!("column {}", i + 1),
                    "has no name: name every column in the header row".into(),
                ));
            }
            let key = h.to_ascii_lowercase();
            if let Some(first) = seen.insert(key.clone(), i) {
                return Err(header_err(
                    h,
                    format!(
                        "appears twice (columns {} and {}): column names must be unique",
                        first + 1,
                        i + 1
                    ),
                ));
            }
            match known.iter().position(|k| *k == key) {
                Some(c) => layout.cols[c] = Some(i),
                None => layout.extra.push((i, h.clone())),
            }
        }
        if let Some(&c) = required.iter().find(|&&c| layout.cols[c].is_none()) {
            return Err(header_err(
                known[c],
                format!(
                    "missing column: the header row must name at least `{wanted}` (separated by commas); it has `{}`",
                    header.join(",")
                ),
            ));
        }
        Ok(CsvFile {
            reader,
            name,
            layout,
        })
    }

    /// Reads the next record into `rec` and returns its line; `None` at the end, or after a
    /// record the reader cannot read (recorded in `findings`, which may stop the reading).
    pub(super) fn next_line(
        &mut self,
        rec: &mut StringRecord,
        findings: &mut Findings,
    ) -> Result<Option<u64>, Vec<DataError>> {
        match self.next(rec) {
            Ok(line) => Ok(line),
            Err(e) => findings.add(e).map(|()| None).map_err(|e| vec![e]),
        }
    }

    /// Reads the next record into `rec`; returns its line, or `None` at the end.
    fn next(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, DataError> {
        match self.reader.read_record(rec) {
            Ok(true) => Ok(Some(rec.position().map_or(0, |p| p.line()))),
            Ok(false) => Ok(None),
            Err(e) => Err(csv_error(e, self.name, &self.layout.header)),
        }
    }
}

/// A reader error as a [`DataError`].
fn csv_error(e: ::csv::Error, file: &str, header: &[String]) -> DataError {
    let line = e.position().map(|p| p.line());
    let invalid = |field: String, problem: String| {
        let record = match line {
            Some(n) => RecordRef::Line(n),
            None => RecordRef::Header,
        };
        DataError::invalid(file, record, &field, problem)
    };
    let column = |i: usize| {
        header
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("column {}", i + 1))
    };
    match e.into_kind() {
        ErrorKind::Io(source) => DataError::Io {
            file: file.to_string(),
            source,
        },
        ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            // Fewer fields: the first one missing; more: the first one too many.
            let field = column(len.min(expected_len) as usize);
            invalid(
                field,
                format!(
                    "the record has {len} fields, the header has {expected_len} (a value with a comma must be quoted)"
                ),
            )
        }
        ErrorKind::Utf8 { err, .. } => {
            invalid(column(err.field()), "is not valid UTF-8 text".into())
        }
        other => invalid("-".into(), format!("{other:?}")),
    }
}

/// One record, its values looked up by known column.
pub(super) struct Row<'a> {
    rec: &'a StringRecord,
    layout: &'a Layout,
}

impl<'a> Row<'a> {
    pub(super) fn new(rec: &'a StringRecord, layout: &'a Layout) -> Self {
        Row { rec, layout }
    }

    /// The value as written; empty when the column is absent.
    pub(super) fn raw(&self, c: usize) -> &'a str {
        self.layout
            .cols
            .get(c)
            .copied()
            .flatten()
            .and_then(|i| self.rec.get(i))
            .unwrap_or("")
    }

    /// The value without surrounding spaces.
    pub(super) fn val(&self, c: usize) -> &'a str {
        let v = self.raw(c);
        // Most values have no surrounding space: no need to look for Unicode's.
        match (v.as_bytes().first(), v.as_bytes().last()) {
            (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => v,
            (None, _) | (_, None) => v,
            _ => v.trim(),
        }
    }

    /// The non-empty values of the other columns, as string properties.
    pub(super) fn properties(&self) -> Map<String, Value> {
        self.layout
            .extra
            .iter()
            .filter_map(|(i, key)| {
                let v = self.rec.get(*i)?;
                (!v.trim().is_empty()).then(|| (key.clone(), Value::String(v.to_string())))
            })
            .collect()
    }
}

/// What is wrong with one field of a record.
pub(super) struct Bad {
    pub(super) field: &'static str,
    pub(super) problem: String,
}

impl Bad {
    pub(super) fn new(field: &'static str, problem: impl Into<String>) -> Bad {
        Bad {
            field,
            problem: problem.into(),
        }
    }

    pub(super) fn at(self, file: &str, line: u64) -> DataError {
        DataError::invalid(file, RecordRef::Line(line), self.field, self.problem)
    }
}
