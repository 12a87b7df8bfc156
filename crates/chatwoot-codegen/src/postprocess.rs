//! Edits of progenitor's output, made on its syntax tree: what its settings
//! cannot ask for. Each edit checks it found what it edits, so a progenitor
//! upgrade that changes the shape fails the build instead of silently
//! skipping it.

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

/// Applies every edit.
pub(crate) fn apply(file: &mut syn::File) -> Result<(), PostprocessError> {
    use_our_path_encoding(file)?;
    open_string_enums(file)?;
    lenient_fields(file)?;
    let builders = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| PostprocessError::Shape("no `mod builder`".into()))?;
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
    let ours: syn::ItemImpl = syn::parse_quote! {
        impl X {
            /// Sends the request and decodes the answer; every failure is a
            /// [`chatwoot_runtime::Error`].
            pub async fn send(self) -> Result<ResponseValue<#success>, chatwoot_runtime::Error> {
                chatwoot_runtime::send(self.dispatch()).await
            }

            /// Sends the request and returns the server's answer undecoded,
            /// whatever its status: the way to what the server really sent
            /// when the typed answer does not fit it.
            pub async fn send_raw(self) -> Result<chatwoot_runtime::RawResponse, chatwoot_runtime::Error> {
                chatwoot_runtime::send_raw(self.dispatch()).await
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
    let types = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| PostprocessError::Shape("no `mod types`".into()))?;
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
    if !attr.path().is_ident("derive") {
        return;
    }
    let Ok(paths) = attr.parse_args_with(
        syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
    ) else {
        return;
    };
    let kept = paths.into_iter().filter(|p| !p.is_ident("Copy"));
    *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
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

/// Fields decode what servers really send, by rule: a `null` list or map
/// reads as empty, and a number may come as a string (`"2"`). The fields are
/// found by their generated types; what they delegate to is
/// `chatwoot_runtime::de`.
fn lenient_fields(file: &mut syn::File) -> Result<usize, PostprocessError> {
    let types = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| PostprocessError::Shape("no `mod types`".into()))?;
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
            if serde_attrs
                .iter()
                .any(|a| a.contains("deserialize_with") || a.contains("with ="))
            {
                continue;
            }
            let (kind, rule) = match field_kind(&field.ty) {
                Some(FieldKind::Collection) => (
                    FieldKind::Collection,
                    "chatwoot_runtime::de::null_as_default",
                ),
                Some(FieldKind::Number) => (FieldKind::Number, "chatwoot_runtime::de::number"),
                Some(FieldKind::OptionalNumber) => (
                    FieldKind::OptionalNumber,
                    "chatwoot_runtime::de::optional_number",
                ),
                None => continue,
            };
            let has_default = serde_attrs.iter().any(|a| a.contains("default"));
            // A required number keeps failing when absent: no `default` for it.
            field
                .attrs
                .push(if has_default || matches!(kind, FieldKind::Number) {
                    syn::parse_quote!(#[serde(deserialize_with = #rule)])
                } else {
                    syn::parse_quote!(#[serde(default, deserialize_with = #rule)])
                });
            changed += 1;
        }
    }
    Ok(changed)
}

enum FieldKind {
    /// `Vec<_>` or a `Map<_, _>`, which typify defaults to empty.
    Collection,
    /// `i64` or `f64`.
    Number,
    /// `Option<i64>` or `Option<f64>`.
    OptionalNumber,
}

fn field_kind(ty: &Type) -> Option<FieldKind> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    match last.ident.to_string().as_str() {
        "i64" | "f64" => Some(FieldKind::Number),
        "Vec" | "Map" | "HashMap" | "BTreeMap" => Some(FieldKind::Collection),
        "Option" => {
            let PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            match args.args.first()? {
                GenericArgument::Type(Type::Path(inner))
                    if inner.path.is_ident("i64") || inner.path.is_ident("f64") =>
                {
                    Some(FieldKind::OptionalNumber)
                }
                _ => None,
            }
        }
        _ => None,
    }
}
