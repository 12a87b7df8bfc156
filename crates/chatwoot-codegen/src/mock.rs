//! Typed httpmock helpers for a family's operations, for users' own tests:
//! `server.create_a_contact(|when, then| ...)` where `when` takes the
//! operation's parameters and body as their generated types and `then` its
//! responses.
//!
//! progenitor writes them (`Generator::httpmock`) for the httpmock API that
//! 0.9 still has (`When`/`Then` taken and returned by value). Its output is
//! adapted on the syntax tree where it does not fit this workspace:
//!
//! - it builds a `regex::Regex` for `When::path_matches`, which would make
//!   the `regex` crate a dependency of each family crate: httpmock 0.9 takes
//!   the pattern as a string (and parses it itself), so that is what it gets;
//! - a path parameter is matched as written into the regex, while the client
//!   sends it percent-encoded (`chatwoot_runtime::encode_path`) and a value
//!   may hold regex syntax (`.`): the value is encoded like the client does,
//!   then escaped;
//! - the other path parameters of that regex match `.*`, across `/`: they
//!   match one segment, `[^/]*`;
//! - a list in the query (`labels[]`) is matched as the whole list's
//!   `to_string()`, which a `Vec` does not have: each item is matched, as the
//!   client sends one `labels[]=item` pair per item;
//! - a response that may be `null` (`Option<&T>`) is handed to httpmock's
//!   `json_body_obj(&T)` by value: it gets a reference;
//! - a request body is taken as `&T` only: `when.body(..)` takes what the
//!   client's `.body(..)` does (the payload, a reference, or its builder),
//!   through `chatwoot_runtime::MockBody`, implemented here for each
//!   payload's builder;
//! - a request that matches no mock gets httpmock's bare 404: each `...When`
//!   wraps `chatwoot_runtime::mock::When` (httpmock's, recording what the
//!   helpers expect) and each helper hands the record to
//!   `chatwoot_runtime::mock::made`, whose catch-all answers such a request
//!   with the typed mocks of its path and what differed.
//!
//! Each edit counts what it changed, and generation fails if progenitor's
//! output has another shape or if an operation has no helper.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;
use syn::{ImplItem, Item, TraitItem};

use crate::generate::{GenerateError, without_panics};

/// Why the mock helpers could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum MockError {
    /// progenitor could not read the spec, failed or panicked.
    #[error(transparent)]
    Generate(#[from] GenerateError),
    /// progenitor's httpmock output is not shaped as the edits expect.
    #[error("progenitor's httpmock output has changed shape: {0}")]
    Shape(String),
    /// The helpers do not cover the spec's operations one to one.
    #[error(
        "{generated} mock helpers for {expected} operations (missing: {missing:?}; unexpected: {unexpected:?})"
    )]
    OperationCount {
        /// Operations in the spec.
        expected: usize,
        /// Methods of the generated `MockServerExt`.
        generated: usize,
        /// Operations without a helper.
        missing: Vec<String>,
        /// Helpers without an operation.
        unexpected: Vec<String>,
    },
    /// A path holds a character that would be read as regex syntax.
    #[error("the path `{0}` holds a character the mock's path regex would misread")]
    PathNotLiteral(String),
}

/// Generates the `mock` module's content of a family crate (included inside
/// it, so `crate` is the family crate), with the generator that made the
/// client: its types are those the client's; formatted Rust.
pub(crate) fn generate_mock(
    generator: &mut progenitor::Generator,
    openapi: &openapiv3::OpenAPI,
    structs: &std::collections::BTreeSet<String>,
) -> Result<String, MockError> {
    // The helper's name -> `METHOD /path`, for its doc comment.
    let mut operations = BTreeMap::new();
    for (path, method, op) in openapi.operations() {
        if !path_is_literal(path) {
            return Err(MockError::PathNotLiteral(path.to_owned()));
        }
        let id = op
            .operation_id
            .as_deref()
            .unwrap_or_default()
            .to_snake_case();
        operations.insert(id, format!("{} {path}", method.to_uppercase()));
    }
    let tokens = without_panics(|| generator.httpmock(openapi, "crate"))?;
    let mut file: syn::File = syn::parse2(tokens).map_err(GenerateError::from)?;
    let bodies = adapt_matchers(&mut file)?;
    record_expectations(&mut file)?;
    // A builder is a body wherever its payload is (`structs` have builders).
    for body in bodies.iter().filter(|body| structs.contains(*body)) {
        let ty = quote::format_ident!("{body}");
        file.items.push(syn::parse_quote! {
            impl chatwoot_runtime::MockBody<crate::types::#ty> for crate::types::builder::#ty {
                fn into_json(self) -> ::std::result::Result<::serde_json::Value, ::std::string::String> {
                    let payload = crate::types::#ty::try_from(self).map_err(|e| e.to_string())?;
                    ::serde_json::to_value(payload).map_err(|e| e.to_string())
                }
            }
        });
    }
    let names = document_helpers(&mut file, &operations)?;
    let missing: Vec<String> = operations
        .keys()
        .filter(|id| !names.contains(id))
        .cloned()
        .collect();
    let unexpected: Vec<String> = names
        .iter()
        .filter(|name| !operations.contains_key(*name))
        .cloned()
        .collect();
    let expected = openapi.operations().count();
    if names.len() != expected || !missing.is_empty() || !unexpected.is_empty() {
        return Err(MockError::OperationCount {
            expected,
            generated: names.len(),
            missing,
            unexpected,
        });
    }
    // What a test needs, from here: no httpmock version to match by hand.
    file.items.push(syn::parse_quote! {
        /// [httpmock](https://docs.rs/httpmock), re-exported: the version
        /// these helpers are written for.
        pub use ::httpmock;
    });
    file.items.push(syn::parse_quote! {
        /// The mock server the helpers of [`MockServerExt`] extend.
        pub use ::httpmock::MockServer;
    });
    file.items.push(syn::parse_quote! {
        pub use chatwoot_runtime::mock::{WithoutCatchAll, without_catch_all};
    });
    let count = Literal::usize_unsuffixed(names.len());
    file.items.push(syn::parse_quote! {
        /// The name of every helper of [`MockServerExt`], one per operation
        /// of the spec, in the spec's order.
        pub const OPERATIONS: [&str; #count] = [#(#names),*];
    });
    file.items.push(syn::parse_quote! {
        /// A path parameter as the client sends it (percent-encoded by
        /// `chatwoot_runtime::encode_path`), escaped for a regex.
        fn path_segment(value: &str) -> String {
            let encoded = chatwoot_runtime::encode_path(value);
            let mut escaped = String::with_capacity(encoded.len());
            for c in encoded.chars() {
                if "\\.+*?()|[]{}^$#&-~".contains(c) {
                    escaped.push('\\');
                }
                escaped.push(c);
            }
            escaped
        }
    });
    Ok(prettyplease::unparse(&file))
}

/// Paths are written into regexes as they are: they may hold only characters
/// that read as themselves (Chatwoot's do), besides `{parameter}`s.
fn path_is_literal(path: &str) -> bool {
    let mut in_parameter = false;
    path.chars().all(|c| match c {
        '{' if !in_parameter => {
            in_parameter = true;
            true
        }
        '}' if in_parameter => {
            in_parameter = false;
            true
        }
        _ if in_parameter => true,
        c => c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-'),
    })
}

/// Edits every `...When` and `...Then` type (see the module docs); returns
/// the request bodies' type names.
fn adapt_matchers(file: &mut syn::File) -> Result<std::collections::BTreeSet<String>, MockError> {
    let mut bodies = std::collections::BTreeSet::new();
    let operations = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == "operations" => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| MockError::Shape("no `mod operations`".into()))?;
    let mut whens = 0;
    for item in operations.iter_mut() {
        let Item::Impl(block) = item else { continue };
        let syn::Type::Path(self_ty) = block.self_ty.as_ref() else {
            continue;
        };
        let Some(name) = self_ty.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        if name.ends_with("Then") {
            for f in block.items.iter_mut() {
                if let ImplItem::Fn(f) = f {
                    serialize_nullable_response(f);
                }
            }
            continue;
        }
        if !name.ends_with("When") {
            continue;
        }
        whens += 1;
        let mut regexes = 0;
        for f in block.items.iter_mut() {
            let ImplItem::Fn(f) = f else { continue };
            if let Some(body) = take_any_body(f, &name) {
                bodies.insert(body);
                continue;
            }
            match_each_list_item(f);
            let block = &f.block;
            let mut edits = Edits::default();
            let rewritten = rewrite(quote!(#block), &mut edits);
            if edits.regexes == 0 {
                continue;
            }
            if edits.regexes != 1 || edits.templates > 1 {
                return Err(MockError::Shape(format!(
                    "`{name}::{}` builds {} regexes from {} templates",
                    f.sig.ident, edits.regexes, edits.templates
                )));
            }
            f.block = syn::parse2(rewritten).map_err(GenerateError::from)?;
            regexes += 1;
        }
        if regexes == 0 {
            return Err(MockError::Shape(format!("`{name}` matches no path")));
        }
    }
    if whens == 0 {
        return Err(MockError::Shape("no `...When` type".into()));
    }
    Ok(bodies)
}

/// Each `...When` wraps `chatwoot_runtime::mock::When` in place of
/// httpmock's (the methods it calls have the same names), and each helper of
/// `MockServerExt` records its mock: `chatwoot_runtime::mock::made`.
fn record_expectations(file: &mut syn::File) -> Result<(), MockError> {
    let recorder: syn::Type = syn::parse_quote!(chatwoot_runtime::mock::When);
    // syn's types compare only with its `extra-traits`: by their tokens.
    let httpmock_when = quote!(::httpmock::When).to_string();
    let is_httpmock_when = |ty: &syn::Type| quote!(#ty).to_string() == httpmock_when;
    let (mut structs, mut news, mut inners, mut helpers) = (0, 0, 0, 0);
    for item in file.items.iter_mut() {
        match item {
            Item::Mod(m) if m.ident == "operations" => {
                let Some((_, items)) = m.content.as_mut() else {
                    continue;
                };
                for item in items.iter_mut() {
                    match item {
                        Item::Struct(s) if s.ident.to_string().ends_with("When") => {
                            let syn::Fields::Unnamed(fields) = &mut s.fields else {
                                continue;
                            };
                            for field in fields.unnamed.iter_mut() {
                                if is_httpmock_when(&field.ty) {
                                    field.ty = recorder.clone();
                                    structs += 1;
                                }
                            }
                        }
                        Item::Impl(block) => {
                            let syn::Type::Path(self_ty) = block.self_ty.as_ref() else {
                                continue;
                            };
                            if !self_ty
                                .path
                                .segments
                                .last()
                                .is_some_and(|s| s.ident.to_string().ends_with("When"))
                            {
                                continue;
                            }
                            for f in block.items.iter_mut() {
                                let ImplItem::Fn(f) = f else { continue };
                                if f.sig.ident == "new" {
                                    for input in f.sig.inputs.iter_mut() {
                                        if let syn::FnArg::Typed(arg) = input
                                            && is_httpmock_when(&arg.ty)
                                        {
                                            *arg.ty = recorder.clone();
                                            news += 1;
                                        }
                                    }
                                } else if f.sig.ident == "into_inner" {
                                    f.block = syn::parse_quote!({ self.0.into_inner() });
                                    inners += 1;
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            Item::Impl(block)
                if block
                    .trait_
                    .as_ref()
                    .is_some_and(|t| t.0.is_ident("MockServerExt")) =>
            {
                for f in block.items.iter_mut() {
                    let ImplItem::Fn(f) = f else { continue };
                    let operation = f.sig.ident.to_string();
                    let block = &f.block;
                    let mut wrapped = 0;
                    let body = wrap_when(quote!(#block), &mut wrapped);
                    if wrapped != 1 {
                        return Err(MockError::Shape(format!(
                            "`MockServerExt::{operation}` makes {wrapped} `...When`s"
                        )));
                    }
                    f.block = syn::parse_quote!({
                        let expected = chatwoot_runtime::mock::Expected::new(#operation);
                        let mock = #body;
                        chatwoot_runtime::mock::made(self, &expected, mock.id());
                        mock
                    });
                    helpers += 1;
                }
            }
            _ => {}
        }
    }
    if structs == 0 || structs != news || structs != inners || structs != helpers {
        return Err(MockError::Shape(format!(
            "{structs} `...When` types, {news} `new`s, {inners} `into_inner`s, {helpers} helpers"
        )));
    }
    Ok(())
}

/// `operations::XWhen::new(when)` becomes
/// `operations::XWhen::new(chatwoot_runtime::mock::When::new(when, &expected))`.
fn wrap_when(tokens: TokenStream, wrapped: &mut usize) -> TokenStream {
    let mut out = Vec::new();
    let mut last_ident: Option<String> = None;
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let inner = if group.delimiter() == Delimiter::Parenthesis
                    && last_ident.as_deref() == Some("new")
                    && group.stream().to_string() == "when"
                {
                    *wrapped += 1;
                    quote!(chatwoot_runtime::mock::When::new(when, &expected))
                } else {
                    wrap_when(group.stream(), wrapped)
                };
                let mut rebuilt = Group::new(group.delimiter(), inner);
                rebuilt.set_span(group.span());
                out.push(TokenTree::Group(rebuilt));
                last_ident = None;
            }
            TokenTree::Ident(ident) => {
                last_ident = Some(ident.to_string());
                out.push(TokenTree::Ident(ident));
            }
            other => {
                last_ident = None;
                out.push(other);
            }
        }
    }
    out.into_iter().collect()
}

/// `fn body(self, value: &types::T)` of a `...When` becomes
/// `fn body(self, value: impl MockBody<types::T>)`; returns `T`'s name. A
/// builder that makes no payload is the test's own mistake, said at once.
fn take_any_body(f: &mut syn::ImplItemFn, when: &str) -> Option<String> {
    if f.sig.ident != "body" || f.sig.inputs.len() != 2 {
        return None;
    }
    let syn::FnArg::Typed(arg) = &f.sig.inputs[1] else {
        return None;
    };
    let syn::Type::Reference(reference) = arg.ty.as_ref() else {
        return None;
    };
    let syn::Type::Path(path) = reference.elem.as_ref() else {
        return None;
    };
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let [module, name] = segments.as_slice() else {
        return None;
    };
    if module != "types" {
        return None;
    }
    let ty = quote::format_ident!("{name}");
    let operation = when.trim_end_matches("When").to_snake_case();
    let message = format!("the body of a `{operation}` mock: {{}}");
    f.sig.inputs[1] = syn::parse_quote!(value: impl chatwoot_runtime::MockBody<types::#ty>);
    f.block = syn::parse_quote!({
        match chatwoot_runtime::MockBody::into_json(value) {
            Ok(json) => Self(self.0.json_body(json)),
            Err(error) => panic!(#message, error),
        }
    });
    Some(name.clone())
}

/// A response that may be `null` is taken as `Option<&T>`, which progenitor
/// hands to `json_body_obj(&T)` as it is: it gets a reference to it.
fn serialize_nullable_response(f: &mut syn::ImplItemFn) {
    let takes_option = f.sig.inputs.iter().any(|input| match input {
        syn::FnArg::Typed(arg) => {
            matches!(arg.pat.as_ref(), syn::Pat::Ident(p) if p.ident == "value")
                && matches!(arg.ty.as_ref(), syn::Type::Path(t) if t.path.segments.last().is_some_and(|s| s.ident == "Option"))
        }
        syn::FnArg::Receiver(_) => false,
    });
    if takes_option {
        f.block
            .stmts
            .insert(0, syn::parse_quote!(let value = &value;));
    }
}

/// A list in the query (`labels[]`) is sent as one `name[]=item` pair per
/// item, while progenitor matches the whole list's `to_string()` (which a
/// `Vec` does not have): each item is matched instead.
fn match_each_list_item(f: &mut syn::ImplItemFn) {
    let sig = &f.sig;
    if !quote!(#sig).to_string().contains("Vec <") {
        return;
    }
    let body = &f.block;
    let body = quote!(#body);
    let Some(name) = query_param_name(body.clone()) else {
        // A list that is not a query parameter (a body): matched as JSON.
        return;
    };
    let optional = body.to_string().contains("query_param_missing");
    f.block = if optional {
        syn::parse_quote!({
            match value.into() {
                Some(items) => {
                    let mut when = self.0;
                    for item in items {
                        when = when.query_param(#name, item.to_string());
                    }
                    Self(when)
                }
                None => Self(self.0.query_param_missing(#name)),
            }
        })
    } else {
        syn::parse_quote!({
            let mut when = self.0;
            for item in value {
                when = when.query_param(#name, item.to_string());
            }
            Self(when)
        })
    };
}

/// The name in the first `query_param("name", ..)` of `tokens`.
fn query_param_name(tokens: TokenStream) -> Option<String> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) if ident == "query_param" => {
                if let Some(TokenTree::Group(args)) = tokens.get(i + 1)
                    && let Some(TokenTree::Literal(name)) = args.stream().into_iter().next()
                {
                    return syn::parse_str::<syn::LitStr>(&name.to_string())
                        .ok()
                        .map(|lit| lit.value());
                }
            }
            TokenTree::Group(group) => {
                if let Some(name) = query_param_name(group.stream()) {
                    return Some(name);
                }
            }
            _ => {}
        }
    }
    None
}

#[derive(Default)]
struct Edits {
    /// `regex::Regex::new(..).unwrap()` replaced.
    regexes: usize,
    /// `format!` templates of one path parameter rewritten.
    templates: usize,
}

/// The token-level edits: `regex::Regex::new(pattern).unwrap()` becomes
/// `String::from(pattern)`, and in a
/// `format!("^/a/{}/b/.*$", value.to_string())` the other parameters' `.*`
/// become `[^/]*` and the value is passed through `path_segment`.
fn rewrite(tokens: TokenStream, edits: &mut Edits) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if let Some(pattern) = regex_new(&tokens[i..]) {
            let pattern = rewrite(pattern, edits);
            out.extend(quote!(::std::string::String::from(#pattern)));
            edits.regexes += 1;
            i += 11;
            continue;
        }
        match &tokens[i] {
            TokenTree::Group(group) => {
                let inner = match path_template(group.stream()) {
                    Some(template) => {
                        edits.templates += 1;
                        template
                    }
                    None => rewrite(group.stream(), edits),
                };
                let mut new = Group::new(group.delimiter(), inner);
                new.set_span(group.span());
                out.push(TokenTree::Group(new));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// The pattern of a `regex::Regex::new(pattern).unwrap()` at the start of
/// `tokens` (eleven tokens: each `::` is two).
fn regex_new(tokens: &[TokenTree]) -> Option<TokenStream> {
    let [
        TokenTree::Ident(krate),
        TokenTree::Punct(c1),
        TokenTree::Punct(c2),
        TokenTree::Ident(ty),
        TokenTree::Punct(c3),
        TokenTree::Punct(c4),
        TokenTree::Ident(new),
        TokenTree::Group(pattern),
        TokenTree::Punct(dot),
        TokenTree::Ident(unwrap),
        TokenTree::Group(no_arguments),
        ..,
    ] = tokens
    else {
        return None;
    };
    let path_ok = krate == "regex"
        && ty == "Regex"
        && new == "new"
        && [c1, c2, c3, c4].iter().all(|c| c.as_char() == ':');
    let call_ok = pattern.delimiter() == Delimiter::Parenthesis
        && dot.as_char() == '.'
        && unwrap == "unwrap"
        && no_arguments.stream().is_empty();
    (path_ok && call_ok).then(|| pattern.stream())
}

/// The arguments of a path parameter's `format!`, `"^/a/{}/b/.*$", value.to_string()`,
/// rewritten; `None` for anything else.
fn path_template(tokens: TokenStream) -> Option<TokenStream> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let [
        TokenTree::Literal(template),
        TokenTree::Punct(comma),
        value @ ..,
    ] = tokens.as_slice()
    else {
        return None;
    };
    let text: String = syn::parse_str::<syn::LitStr>(&template.to_string())
        .ok()?
        .value();
    if comma.as_char() != ',' || !text.starts_with('^') || text.matches("{}").count() != 1 {
        return None;
    }
    let value: TokenStream = value.iter().cloned().collect();
    let template = Literal::string(&text.replace(".*", "[^/]*"));
    let segment = Ident::new("path_segment", Span::call_site());
    let mut out = TokenStream::new();
    out.extend([
        TokenTree::Literal(template),
        TokenTree::Punct(Punct::new(',', Spacing::Alone)),
    ]);
    out.extend(quote!(super::#segment(&(#value))));
    Some(out)
}

/// Gives each method of `MockServerExt` a doc comment naming its request, and
/// returns the methods' names in order.
fn document_helpers(
    file: &mut syn::File,
    operations: &BTreeMap<String, String>,
) -> Result<Vec<String>, MockError> {
    let ext = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            Item::Trait(t) if t.ident == "MockServerExt" => Some(t),
            _ => None,
        })
        .ok_or_else(|| MockError::Shape("no `trait MockServerExt`".into()))?;
    let mut names = Vec::new();
    for item in ext.items.iter_mut() {
        let TraitItem::Fn(f) = item else { continue };
        let name = f.sig.ident.to_string();
        if let Some(request) = operations.get(&name) {
            let doc = format!(
                " Mocks `{request}`: `when` matches its parameters and body, `then` answers with one of its responses."
            );
            f.attrs.push(syn::parse_quote!(#[doc = #doc]));
        }
        names.push(name);
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_match_one_segment_per_parameter() {
        let rewritten = path_template(quote!("^/a/{}/b/.*$", value.to_string())).unwrap();
        assert_eq!(
            rewritten.to_string(),
            quote!("^/a/{}/b/[^/]*$", super::path_segment(&(value.to_string()))).to_string()
        );
        assert!(path_template(quote!("^/a/[^/]*$")).is_none());
        assert!(path_template(quote!("{}", x)).is_none());
    }

    #[test]
    fn regexes_are_handed_to_httpmock_as_strings() {
        let mut edits = Edits::default();
        let out = rewrite(
            quote!({
                let re = regex::Regex::new("^/a$").unwrap();
            }),
            &mut edits,
        );
        assert_eq!(edits.regexes, 1);
        assert_eq!(
            out.to_string(),
            quote!({
                let re = ::std::string::String::from("^/a$");
            })
            .to_string()
        );
    }

    /// A spec with what the edits handle: path parameters, an optional list
    /// in the query, a body, a response that may be `null`.
    fn spec(path: &str) -> serde_json::Value {
        serde_json::json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1" },
            "paths": {
                path: {
                    "post": {
                        "operationId": "reply-to-thread",
                        "parameters": [
                            { "name": "account_id", "in": "path", "required": true, "schema": { "type": "integer" } },
                            { "name": "thread", "in": "path", "required": true, "schema": { "type": "string" } },
                            { "name": "labels[]", "in": "query", "schema": { "type": "array", "items": { "type": "string" } } }
                        ],
                        "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/reply" } } } },
                        "responses": { "200": { "description": "ok", "content": { "application/json": {
                            "schema": { "allOf": [{ "$ref": "#/components/schemas/reply" }], "nullable": true }
                        } } } }
                    }
                }
            },
            "components": { "schemas": { "reply": {
                "type": "object", "properties": { "content": { "type": "string" } }
            } } }
        })
    }

    /// The client and its mocks, from one generator run.
    fn mock_of(spec: &serde_json::Value) -> Result<crate::generate::Generated, GenerateError> {
        let options = crate::generate::GenerateOptions {
            mock: true,
            ..Default::default()
        };
        crate::generate::generate(crate::Family::Client, spec, &options)
    }

    #[test]
    fn generates_one_adapted_helper_per_operation() {
        let code = mock_of(&spec("/a/{account_id}/threads/{thread}"))
            .unwrap()
            .mock
            .expect("asked for");
        assert!(code.contains("fn reply_to_thread<F>"), "{code}");
        assert!(
            code.contains("OPERATIONS: [&str; 1] = [\"reply_to_thread\"]"),
            "{code}"
        );
        assert!(!code.contains("regex::"), "{code}");
        assert!(code.contains("\"^/a/{}/threads/[^/]*$\""), "{code}");
        assert!(code.contains("path_segment"), "{code}");
        assert!(code.contains("for item in items"), "{code}");
        assert!(code.contains("let value = &value;"), "{code}");
        assert!(
            code.contains("Mocks `POST /a/{account_id}/threads/{thread}`"),
            "{code}"
        );
    }

    #[test]
    fn a_path_with_regex_syntax_is_refused() {
        let err = mock_of(&spec("/a/{account_id}/threads/{thread}.json")).unwrap_err();
        assert!(
            matches!(&err, GenerateError::Mock(mock) if matches!(**mock, MockError::PathNotLiteral(_))),
            "{err}"
        );
    }

    #[test]
    fn only_literal_paths_pass() {
        assert!(path_is_literal("/api/v1/accounts/{account_id}/contacts"));
        assert!(path_is_literal("/a-b/c_d/{x.y}"));
        assert!(!path_is_literal("/a.json"));
        assert!(!path_is_literal("/a/(b)"));
    }
}
