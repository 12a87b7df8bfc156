//! The copy of each normalized spec a family crate's package carries:
//! `crates/chatwoot-<family>/spec/<family>.json`, with Chatwoot's notice
//! beside it. Written by `cargo xtask codegen` and `update` next to
//! `openapi/normalized/`, git-ignored like it, and listed in the crate's
//! `include`, so `cargo package` ships what the build script reads.

use std::path::PathBuf;

use crate::normalize::Family;

use crate::codegen::Layout;

/// The file name of the notice beside the staged spec.
pub const NOTICE: &str = "NOTICE.md";

/// What upstream file a staged spec was made from.
#[derive(Debug, Clone)]
pub struct Provenance<'a> {
    /// The upstream revision (commit).
    pub revision: &'a str,
    /// The revision's date, if the lock knows it.
    pub date: Option<&'a str>,
    /// The sha256 of upstream's file.
    pub sha256: &'a str,
}

/// The files to stage for one family: `(path, bytes)`, the spec first. None
/// when the layout's workspace has no such crate (a layout of tests).
pub fn files(
    layout: &Layout,
    family: Family,
    spec: &[u8],
    provenance: &Provenance<'_>,
) -> Vec<(PathBuf, Vec<u8>)> {
    let Some(dir) = layout.staged_spec_dir(family) else {
        return Vec::new();
    };
    vec![
        (dir.join(format!("{family}.json")), spec.to_vec()),
        (dir.join(NOTICE), notice(family, provenance).into_bytes()),
    ]
}

/// Chatwoot's notice for a staged spec: where it came from, and the MIT
/// license Chatwoot publishes it under.
pub fn notice(family: Family, provenance: &Provenance<'_>) -> String {
    let date = provenance
        .date
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    format!(
        "# Notice: Chatwoot's OpenAPI specification\n\
         \n\
         `{family}.json` is derived from Chatwoot's OpenAPI specification of its\n\
         {family} API:\n\
         \n\
         - file: `swagger/tag_groups/{family}_swagger.json` of <https://github.com/chatwoot/chatwoot>\n\
         - revision: {revision}{date}\n\
         - sha256: {sha256}\n\
         \n\
         chatwoot-rs normalized it for code generation (`cargo xtask codegen` in\n\
         the chatwoot-rs repository lists every change). The build script of this\n\
         crate reads it.\n\
         \n\
         Chatwoot's text is licensed under the MIT (Expat) license:\n\
         \n\
         Copyright (c) 2017-2026 Chatwoot Inc.\n\
         \n\
         Permission is hereby granted, free of charge, to any person obtaining a copy\n\
         of this software and associated documentation files (the \"Software\"), to deal\n\
         in the Software without restriction, including without limitation the rights\n\
         to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n\
         copies of the Software, and to permit persons to whom the Software is\n\
         furnished to do so, subject to the following conditions:\n\
         \n\
         The above copyright notice and this permission notice shall be included in\n\
         all copies or substantial portions of the Software.\n\
         \n\
         THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n\
         IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n\
         FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n\
         AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n\
         LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n\
         OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN\n\
         THE SOFTWARE.\n",
        revision = provenance.revision,
        sha256 = provenance.sha256,
    )
}
