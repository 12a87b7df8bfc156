//! Edits of progenitor's output, made on its syntax tree: what its settings
//! cannot ask for. Each edit checks it found what it edits, so a progenitor
//! upgrade that changes the shape fails the build instead of silently
//! skipping it.

use chatwoot_runtime::secret::is_secret;
use syn::{
    FnArg, GenericArgument, ImplItem, Item, PathArguments, ReturnType, Type, UseTree, Visibility,
};

/// Why progenitor's output could not be edited.
#[derive(Debug, thiserror::Error)]
pub enum PostprocessError {
    /// Something expected in progenitor's output is not there.
    #[error("progenitor's output has changed shape: {0}")]
    Shape(String),
}

/// The items of the top-level module `name` (`types`, `builder`).
fn module_items<'a>(
    file: &'a mut syn::File,
    name: &str,
) -> Result<&'a mut Vec<Item>, PostprocessError> {
    file.items
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| PostprocessError::Shape(format!("no `mod {name}`")))
}

/// Applies every edit.
pub(crate) fn apply(
    file: &mut syn::File,
    upstream_ids: &std::collections::BTreeMap<String, String>,
) -> Result<(), PostprocessError> {
    use_our_path_encoding(file)?;
    alias_upstream_ids(file, upstream_ids)?;
    open_string_enums(file)?;
    lenient_fields(file)?;
    redact_secrets(file)?;
    string_setters_take_str(file)?;
    let builders = module_items(file, "builder")?;
    let mut aliases = Vec::new();
    for item in builders.iter_mut() {
        if let Item::Impl(block) = item
            && let Some(success) = map_send(block)?
            && let Type::Path(builder) = block.self_ty.as_ref()
            && let Some(last) = builder.path.segments.last()
        {
            let name = &last.ident;
            aliases.push(quote::quote! {
                #[doc = concat!("What [`builder::", stringify!(#name), "::send`] returns on success.")]
                pub type #name = #success;
            });
        }
    }
    if aliases.is_empty() {
        return Err(PostprocessError::Shape(
            "no builder has a `send` method".into(),
        ));
    }
    // Hand-written code names an operation's response through these aliases,
    // so it compiles against every revision, whatever upstream calls the type.
    file.items.push(syn::parse_quote! {
        /// The success type of each operation, named after the operation (the
        /// builder's name): stable across upstream revisions where the type's
        /// own name is not.
        pub mod responses {
            #[allow(unused_imports)]
            use super::{builder, types, ByteStream};
            #(#aliases)*
        }
    });
    Ok(())
}

/// Our names replace upstream's operationIds (`openapi/names.toml`); each
/// method of `Client` whose operation had another name upstream gets it as
/// `#[doc(alias = "...")]`, so a search of the docs for the name in
/// Chatwoot's API reference finds ours. progenitor's settings have no hook
/// for an attribute on one method.
fn alias_upstream_ids(
    file: &mut syn::File,
    upstream_ids: &std::collections::BTreeMap<String, String>,
) -> Result<(), PostprocessError> {
    let mut aliased = 0;
    for item in &mut file.items {
        let Item::Impl(block) = item else { continue };
        let is_client = block.trait_.is_none()
            && matches!(block.self_ty.as_ref(), Type::Path(p) if p.path.is_ident("Client"));
        if !is_client {
            continue;
        }
        for f in &mut block.items {
            let ImplItem::Fn(f) = f else { continue };
            if let Some(upstream) = upstream_ids.get(&f.sig.ident.to_string()) {
                f.attrs.push(syn::parse_quote!(#[doc(alias = #upstream)]));
                aliased += 1;
            }
        }
    }
    if aliased != upstream_ids.len() {
        return Err(PostprocessError::Shape(format!(
            "{aliased} methods of `Client` for {} operations named other than upstream",
            upstream_ids.len()
        )));
    }
    Ok(())
}

/// progenitor encodes path parameters with its own `encode_path`, which leaves
/// `.` and `..` as they are (URL parsing then resolves them, changing the
/// path). The generated code imports it once; the import is swapped for ours.
fn use_our_path_encoding(file: &mut syn::File) -> Result<(), PostprocessError> {
    let mut removed = false;
    for item in &mut file.items {
        let Item::Use(u) = item else { continue };
        let UseTree::Path(path) = &mut u.tree else {
            continue;
        };
        if path.ident != "progenitor_client" {
            continue;
        }
        let UseTree::Group(group) = path.tree.as_mut() else {
            continue;
        };
        let before = group.items.len();
        group.items = group
            .items
            .iter()
            .filter(|tree| !matches!(tree, UseTree::Name(n) if n.ident == "encode_path"))
            .cloned()
            .collect();
        removed |= group.items.len() < before;
    }
    if !removed {
        return Err(PostprocessError::Shape(
            "no `use progenitor_client::{encode_path, ..}`".into(),
        ));
    }
    file.items.push(syn::parse_quote! {
        #[allow(unused_imports)]
        use chatwoot_runtime::encode_path;
    });
    Ok(())
}

/// Renames a builder's `send` to a private `dispatch`, and adds our `send`
/// (errors as `chatwoot_runtime::Error`) and `send_raw` (the raw response).
/// Returns the success type, if the impl had a `send`.
fn map_send(block: &mut syn::ItemImpl) -> Result<Option<Type>, PostprocessError> {
    let Some(send) = block.items.iter_mut().find_map(|item| match item {
        ImplItem::Fn(f) if f.sig.ident == "send" => Some(f),
        _ => None,
    }) else {
        return Ok(None);
    };
    let takes_self = matches!(send.sig.inputs.first(), Some(FnArg::Receiver(r)) if matches!(r.kind, syn::ReceiverKind::Value));
    if send.sig.asyncness.is_none() || !takes_self {
        return Err(PostprocessError::Shape(
            "`send` is not `async fn send(self)`".into(),
        ));
    }
    let success = success_type(&send.sig.output)
        .ok_or_else(|| {
            PostprocessError::Shape("`send` does not return Result<ResponseValue<T>, _>".into())
        })?
        .clone();
    send.sig.ident = syn::Ident::new("dispatch", send.sig.ident.span());
    send.vis = Visibility::Inherited;
    send.attrs.retain(|a| !a.path().is_ident("doc"));
    // Not `async fn`: the call's future is boxed as it is made, so what the
    // caller holds and moves is a pointer, not the builder and every state
    // of the request (measured: a few KB copied per layer otherwise).
    let lifetime = block.generics.lifetimes().next().map(|l| {
        let lifetime = &l.lifetime;
        quote::quote!(+ #lifetime)
    });
    let ours: syn::ItemImpl = syn::parse_quote! {
        impl X {
            /// Sends the request and decodes the answer; every failure is a
            /// [`chatwoot_runtime::Error`].
            pub fn send(self) -> impl std::future::Future<Output = Result<ResponseValue<#success>, chatwoot_runtime::Error>> #lifetime {
                chatwoot_runtime::send(Box::pin(self.dispatch()))
            }

            /// Sends the request and returns the server's answer undecoded,
            /// whatever its status: the way to what the server really sent
            /// when the typed answer does not fit it.
            pub fn send_raw(self) -> impl std::future::Future<Output = Result<chatwoot_runtime::RawResponse, chatwoot_runtime::Error>> #lifetime {
                chatwoot_runtime::send_raw(Box::pin(self.dispatch()))
            }
        }
    };
    block.items.extend(ours.items);
    Ok(Some(success))
}

/// `T` of `Result<ResponseValue<T>, E>`.
fn success_type(output: &ReturnType) -> Option<&Type> {
    let ReturnType::Type(_, ty) = output else {
        return None;
    };
    let result = last_segment_args(ty, "Result")?;
    let GenericArgument::Type(value) = result.first()? else {
        return None;
    };
    let inner = last_segment_args(value, "ResponseValue")?;
    match inner.first()? {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

fn last_segment_args<'a>(
    ty: &'a Type,
    name: &str,
) -> Option<&'a syn::punctuated::Punctuated<GenericArgument, syn::token::Comma>> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    match &last.arguments {
        PathArguments::AngleBracketed(args) => Some(&args.args),
        _ => None,
    }
}

/// Chatwoot adds values to its enums (a new conversation status, message
/// content type) faster than its spec lists them, and a closed enum fails the
/// whole response on one new value. Every enum of plain string values gets a
/// last variant `Unknown(String)` that keeps a value the spec does not list
/// (serde's untagged variant: the listed names are tried first), and its
/// `Display` and `FromStr` learn it. Returns how many enums were opened.
fn open_string_enums(file: &mut syn::File) -> Result<usize, PostprocessError> {
    let types = module_items(file, "types")?;
    let mut opened = std::collections::BTreeSet::new();
    for item in types.iter_mut() {
        let Item::Enum(e) = item else { continue };
        let all_unit = !e.variants.is_empty()
            && e.variants
                .iter()
                .all(|v| matches!(v.fields, syn::Fields::Unit));
        if !all_unit || e.variants.iter().any(|v| v.ident == "Unknown") {
            continue;
        }
        for attr in e.attrs.iter_mut() {
            drop_copy_derive(attr);
        }
        e.variants.push(syn::parse_quote! {
            /// A value the spec does not list, kept as the server sent it.
            #[serde(untagged)]
            Unknown(::std::string::String)
        });
        opened.insert(e.ident.to_string());
    }
    for item in types.iter_mut() {
        let Item::Impl(block) = item else { continue };
        let Type::Path(self_ty) = block.self_ty.as_ref() else {
            continue;
        };
        let Some(name) = self_ty.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        if !opened.contains(&name) {
            continue;
        }
        let Some(trait_name) = block
            .trait_
            .as_ref()
            .and_then(|(path, _)| path.segments.last())
            .map(|s| s.ident.to_string())
        else {
            continue;
        };
        for f in block.items.iter_mut() {
            let ImplItem::Fn(f) = f else { continue };
            match (trait_name.as_str(), f.sig.ident.to_string().as_str()) {
                ("Display", "fmt") => open_match(&mut f.block, |m| {
                    *m.expr = syn::parse_quote!(self);
                    m.arms
                        .push(syn::parse_quote!(Self::Unknown(value) => f.write_str(value),));
                })?,
                ("FromStr", "from_str") => open_match(&mut f.block, |m| {
                    m.arms.retain(|arm| !matches!(arm.pat, syn::Pat::Wild(_)));
                    m.arms
                        .push(syn::parse_quote!(other => Ok(Self::Unknown(other.to_owned())),));
                })?,
                _ => {}
            }
        }
    }
    Ok(opened.len())
}

/// Removes `Copy` from a `#[derive(...)]` (a `String` variant is not `Copy`).
fn drop_copy_derive(attr: &mut syn::Attribute) {
    drop_derive(attr, "Copy");
}

/// Applies `edit` to the one `match` of a function body.
fn open_match(
    block: &mut syn::Block,
    edit: impl FnOnce(&mut syn::ExprMatch),
) -> Result<(), PostprocessError> {
    let found = block.stmts.iter_mut().find_map(|stmt| match stmt {
        syn::Stmt::Expr(syn::Expr::Match(m), _) => Some(m),
        _ => None,
    });
    match found {
        Some(m) => {
            edit(m);
            Ok(())
        }
        None => Err(PostprocessError::Shape(
            "an enum's Display or FromStr has no `match`".into(),
        )),
    }
}

/// Fields decode what servers really send, by rule (see
/// `chatwoot_runtime::de`): `null` or a value of the wrong kind reads as
/// absent (or the default of a required scalar), a number may come as a
/// string, a date-time as a Unix timestamp; one odd field never costs the rest
/// of a response. The rule is chosen by the field's generated type.
fn lenient_fields(file: &mut syn::File) -> Result<usize, PostprocessError> {
    let types = module_items(file, "types")?;
    let kinds = TypeKinds::of(types);
    let mut changed = 0;
    for item in types.iter_mut() {
        let Item::Struct(s) = item else { continue };
        let syn::Fields::Named(fields) = &mut s.fields else {
            continue;
        };
        for field in fields.named.iter_mut() {
            let serde_attrs: Vec<String> = field
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("serde"))
                .map(|a| quote::quote!(#a).to_string())
                .collect();
            if serde_attrs.iter().any(|a| {
                a.contains("deserialize_with") || a.contains("with =") || a.contains("flatten")
            }) {
                continue;
            }
            let Some(rule) = kinds.rule(&field.ty) else {
                continue;
            };
            let path = format!("chatwoot_runtime::de::{}", rule.function);
            let has_default = serde_attrs.iter().any(|a| a.contains("default"));
            // A required scalar keeps failing when absent (that is how the
            // variants of a `oneOf` are told apart): no `default` for it.
            field
                .attrs
                .push(if has_default || !rule.default_when_absent {
                    syn::parse_quote!(#[serde(deserialize_with = #path)])
                } else {
                    syn::parse_quote!(#[serde(default, deserialize_with = #path)])
                });
            changed += 1;
        }
    }
    Ok(changed)
}

/// Which `chatwoot_runtime::de` function reads a field, and whether an absent
/// field reads as its default.
struct Rule {
    function: &'static str,
    default_when_absent: bool,
}

/// The generated types, by how they read: structs from objects, unit-variant
/// enums from strings.
struct TypeKinds {
    structs: std::collections::BTreeSet<String>,
    string_enums: std::collections::BTreeSet<String>,
    /// Newtypes of a number (an enum of integers, such as a message's
    /// type): read like a number, so an unknown value reads as absent
    /// instead of failing the whole body.
    number_newtypes: std::collections::BTreeSet<String>,
}

impl TypeKinds {
    fn of(types: &[Item]) -> Self {
        let mut kinds = TypeKinds {
            structs: Default::default(),
            string_enums: Default::default(),
            number_newtypes: Default::default(),
        };
        for item in types {
            match item {
                Item::Struct(s) if matches!(s.fields, syn::Fields::Named(_)) => {
                    kinds.structs.insert(s.ident.to_string());
                }
                Item::Struct(s) => {
                    if let syn::Fields::Unnamed(fields) = &s.fields
                        && let [field] = fields.unnamed.iter().collect::<Vec<_>>().as_slice()
                        && last_segment(&field.ty).is_some_and(|(n, _)| {
                            ["i64", "f64", "u64", "i32", "u32"].contains(&n.as_str())
                        })
                    {
                        kinds.number_newtypes.insert(s.ident.to_string());
                    }
                }
                Item::Enum(e)
                    if !e.variants.is_empty()
                        && e.variants.iter().all(|v| {
                            matches!(v.fields, syn::Fields::Unit) || v.ident == "Unknown"
                        }) =>
                {
                    kinds.string_enums.insert(e.ident.to_string());
                }
                _ => {}
            }
        }
        kinds
    }

    fn rule(&self, ty: &Type) -> Option<Rule> {
        let rule = |function, default_when_absent| {
            Some(Rule {
                function,
                default_when_absent,
            })
        };
        let (name, args) = last_segment(ty)?;
        if name == "Option" {
            let inner = args.and_then(|args| match args.args.first()? {
                GenericArgument::Type(inner) => Some(inner),
                _ => None,
            })?;
            let (inner, inner_args) = last_segment(inner)?;
            let inner = if inner == "Box" {
                inner_args
                    .and_then(|args| match args.args.first()? {
                        GenericArgument::Type(boxed) => last_segment(boxed).map(|(n, _)| n),
                        _ => None,
                    })
                    .filter(|boxed| self.structs.contains(boxed))?
            } else {
                inner
            };
            return match inner.as_str() {
                "String" | "NaiveDate" => rule("optional_string", true),
                n if self.string_enums.contains(n) => rule("optional_string", true),
                "i64" | "f64" | "u64" | "i32" | "u32" => rule("optional_number", true),
                n if self.number_newtypes.contains(n) => rule("optional_number", true),
                "bool" => rule("optional_boolean", true),
                "DateTime" => rule("optional_date_time", true),
                "Vec" => rule("optional_list", true),
                "Map" | "HashMap" | "BTreeMap" => rule("optional_object", true),
                n if self.structs.contains(n) => rule("optional_object", true),
                _ => None,
            };
        }
        match name.as_str() {
            "String" => rule("string", false),
            "i64" | "f64" | "u64" | "i32" | "u32" => rule("number", false),
            "bool" => rule("boolean", false),
            "DateTime" => rule("date_time", false),
            "Vec" => rule("list", true),
            "Map" | "HashMap" | "BTreeMap" => rule("map", true),
            n if self.structs.contains(n) => rule("object", false),
            "Box" => {
                let boxed = args.and_then(|args| match args.args.first()? {
                    GenericArgument::Type(boxed) => last_segment(boxed).map(|(n, _)| n),
                    _ => None,
                })?;
                self.structs.contains(&boxed).then_some(Rule {
                    function: "object",
                    default_when_absent: false,
                })
            }
            _ => None,
        }
    }
}

/// The last segment of a type's path, and its generic arguments.
fn last_segment(ty: &Type) -> Option<(String, Option<&syn::AngleBracketedGenericArguments>)> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    let args = match &last.arguments {
        PathArguments::AngleBracketed(args) => Some(args),
        _ => None,
    };
    Some((last.ident.to_string(), args))
}

/// The builders of request payloads (`types::builder`) take each field as
/// `T: TryInto<Field>`, and `&str` converts into neither `String` nor
/// `Option<String>` that way: `.content("Hello".to_owned())` everywhere.
/// A string field's setter takes what reads as text instead (`&str`,
/// `String`, and for an optional field `Option` of either), which cannot
/// fail. typify has no setting for a setter's bound. Returns how many
/// setters it changed.
fn string_setters_take_str(file: &mut syn::File) -> Result<usize, PostprocessError> {
    let types = module_items(file, "types")?;
    let Some(builders) = types.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) else {
        return Ok(0);
    };
    let mut changed = 0;
    for item in builders.iter_mut() {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some() {
            continue;
        }
        for f in block.items.iter_mut() {
            let ImplItem::Fn(f) = f else { continue };
            let Some(target) = setter_target(f) else {
                continue;
            };
            let field = &f.sig.ident;
            let (bound, convert): (syn::TypeParamBound, syn::Expr) = match target {
                StringTarget::Required => (
                    syn::parse_quote!(::std::convert::Into<::std::string::String>),
                    syn::parse_quote!(value.into()),
                ),
                StringTarget::Optional => (
                    syn::parse_quote!(chatwoot_runtime::IntoOptionalString),
                    syn::parse_quote!(chatwoot_runtime::IntoOptionalString::into_optional_string(
                        value
                    )),
                ),
            };
            f.sig.generics = syn::parse_quote!(<T: #bound>);
            f.sig.generics.where_clause = None;
            f.block = syn::parse_quote!({
                self.#field = ::std::result::Result::Ok(#convert);
                self
            });
            changed += 1;
        }
    }
    Ok(changed)
}

enum StringTarget {
    Required,
    Optional,
}

/// Whether a builder method is a setter of a string field: one generic `T`
/// bound by `TryInto<String>` or `TryInto<Option<String>>`.
fn setter_target(f: &syn::ImplItemFn) -> Option<StringTarget> {
    let where_clause = f.sig.generics.where_clause.as_ref()?;
    let bound = where_clause.predicates.iter().find_map(|p| match p {
        syn::WherePredicate::Type(t) if quote::quote!(#t).to_string().starts_with("T :") => {
            Some(t.bounds.clone())
        }
        _ => None,
    })?;
    let text = quote::quote!(#bound).to_string().replace(' ', "");
    if text == "::std::convert::TryInto<::std::string::String>" {
        Some(StringTarget::Required)
    } else if text == "::std::convert::TryInto<::std::option::Option<::std::string::String>>" {
        Some(StringTarget::Optional)
    } else {
        None
    }
}

/// Gives every generated struct with a secret field or free-form JSON (in
/// `types` and in `types::builder`) a hand-made `Debug` that prints
/// `<redacted>` for the secret and hides secret keys in the JSON (an
/// integration's `settings.api_key`), in place of the derived one that would
/// print them. Which names are secrets is the runtime's one list,
/// `chatwoot_runtime::secret::SECRET_FIELDS`, which the webhooks crate's
/// types use too. typify derives `Debug` with no way to leave a field out.
fn redact_secrets(file: &mut syn::File) -> Result<usize, PostprocessError> {
    let types = module_items(file, "types")?;
    let mut redacted = redact_in(types);
    for item in types.iter_mut() {
        if let Item::Mod(m) = item
            && m.ident == "builder"
            && let Some((_, items)) = m.content.as_mut()
        {
            redacted += redact_in(items);
        }
    }
    Ok(redacted)
}

fn redact_in(items: &mut Vec<Item>) -> usize {
    let mut impls = Vec::new();
    for item in items.iter_mut() {
        let Item::Struct(s) = item else { continue };
        let syn::Fields::Named(fields) = &s.fields else {
            continue;
        };
        let shown: Vec<(&syn::Ident, Shown)> = fields
            .named
            .iter()
            .filter_map(|f| {
                let name = f.ident.as_ref()?;
                let shown = if is_secret(&name.to_string()) {
                    Shown::Secret
                } else if holds_json(&f.ty) {
                    Shown::Json
                } else {
                    Shown::Plain
                };
                Some((name, shown))
            })
            .collect();
        if shown.iter().all(|(_, shown)| *shown == Shown::Plain) {
            continue;
        }
        let mut had_debug = false;
        for attr in s.attrs.iter_mut() {
            had_debug |= drop_derive(attr, "Debug");
        }
        if !had_debug {
            continue;
        }
        let ident = &s.ident;
        let label = ident.to_string();
        let entries = shown.iter().map(|(name, shown)| {
            let key = name.to_string().trim_start_matches("r#").to_owned();
            match shown {
                Shown::Secret => {
                    quote::quote!(.field(#key, &chatwoot_runtime::Redacted(&self.#name)))
                }
                Shown::Json => {
                    quote::quote!(.field(#key, &chatwoot_runtime::secret::field(#key, &self.#name)))
                }
                Shown::Plain => quote::quote!(.field(#key, &self.#name)),
            }
        });
        impls.push(syn::parse_quote! {
            impl ::std::fmt::Debug for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#entries)* .finish()
                }
            }
        });
    }
    let count = impls.len();
    items.extend(impls);
    count
}

/// How a field shows in a hand-made `Debug`.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    /// Only whether it is there: its name is a secret's.
    Secret,
    /// Free-form JSON (an integration's `settings`, custom attributes):
    /// with the values of secret keys hidden.
    Json,
    /// As derived.
    Plain,
}

/// Whether a field's type is free-form JSON (`Value`, `Map`), maybe in an
/// `Option`, `Vec` or a builder's `Result`.
fn holds_json(ty: &Type) -> bool {
    let Some((name, args)) = last_segment(ty) else {
        return false;
    };
    match name.as_str() {
        "Value" | "Map" => true,
        "Option" | "Vec" | "Result" | "Box" => args
            .and_then(|args| match args.args.first()? {
                GenericArgument::Type(inner) => Some(holds_json(inner)),
                _ => None,
            })
            .unwrap_or(false),
        _ => false,
    }
}

/// Removes `name` from a `#[derive(...)]`; whether it was there.
fn drop_derive(attr: &mut syn::Attribute, name: &str) -> bool {
    if !attr.path().is_ident("derive") {
        return false;
    }
    let Ok(paths) = attr.parse_args_with(
        syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
    ) else {
        return false;
    };
    let before = paths.len();
    let kept: Vec<&syn::Path> = paths
        .iter()
        .filter(|p| p.segments.last().is_none_or(|s| s.ident != name))
        .collect();
    if kept.len() == before {
        return false;
    }
    *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
    true
}
