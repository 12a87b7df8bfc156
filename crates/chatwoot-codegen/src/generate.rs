//! A normalized spec in, the family crate's Rust code out: progenitor's client
//! plus the glue that plugs it into `chatwoot-runtime`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use heck::ToSnakeCase;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use quote::quote;
use serde_json::Value;

use crate::Family;

/// The extension in which a normalized spec keeps upstream's operationId of
/// an operation it names otherwise (`openapi/names.toml`).
pub const UPSTREAM_ID: &str = "x-upstream-operation-id";

/// What to generate beyond the client itself.
#[derive(Debug, Clone, Default)]
pub struct GenerateOptions {
    /// Derive `schemars::JsonSchema` on every generated type.
    pub schemars: bool,
    /// Also generate the typed httpmock helpers (the `mock` module).
    pub mock: bool,
}

/// What one run of the generator made.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The client, its types and builders: formatted Rust.
    pub client: String,
    /// The `mock` module's content, when asked for.
    pub mock: Option<String>,
    /// The names of the structs of `types`, for hand-written code that
    /// needs one only some specs or areas have.
    pub structs: Vec<String>,
}

/// Why code could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// progenitor's reader rejected the spec (it should have been normalized).
    #[error("the spec is not readable as OpenAPI 3.0: {0}")]
    NotReadable(#[from] serde_json::Error),
    /// progenitor reported an error.
    #[error("progenitor failed: {0}")]
    Progenitor(#[from] progenitor::Error),
    /// progenitor panicked: a construct normalization should have handled.
    #[error("progenitor panicked (a construct normalization does not handle yet): {0}")]
    ProgenitorPanicked(String),
    /// progenitor's output is not valid Rust.
    #[error("progenitor produced code that does not parse: {0}")]
    Unparsable(#[from] syn::Error),
    /// progenitor's output is not shaped as the edits after it expect.
    #[error(transparent)]
    Postprocess(#[from] crate::postprocess::PostprocessError),
    /// An operation of the spec has no generated method.
    #[error("no method was generated for operation `{0}`")]
    MissingOperation(String),
    /// The mock helpers could not be made.
    #[error("mock helpers: {0}")]
    Mock(#[from] Box<crate::mock::MockError>),
}

/// Generates the family crate's code for a normalized spec, with one
/// progenitor generator for the client and its mocks.
pub fn generate(
    family: Family,
    spec: &Value,
    options: &GenerateOptions,
) -> Result<Generated, GenerateError> {
    let openapi: openapiv3::OpenAPI = serde_json::from_value(spec.clone())?;
    let mut generator = Generator::new(&settings(options));
    let tokens = without_panics(|| generator.generate_tokens(&openapi))?;
    let type_paths: Vec<proc_macro2::TokenStream> = generator
        .get_type_space()
        .iter_types()
        .filter(|t| {
            matches!(
                t.details(),
                typify::TypeDetails::Struct(_)
                    | typify::TypeDetails::Enum(_)
                    | typify::TypeDetails::Newtype(_)
            )
        })
        .map(|t| {
            let ident = quote::format_ident!("{}", t.name());
            quote!($crate::types::#ident)
        })
        .collect();
    let operation_paths: Vec<proc_macro2::TokenStream> = openapi
        .operations()
        .map(|(path, _, op)| {
            let id = op
                .operation_id
                .as_deref()
                .unwrap_or_default()
                .to_snake_case();
            quote!(#id => #path)
        })
        .collect();
    let scoped = account_scoped(&openapi);
    let upstream = Upstream::of(spec);
    let glue = glue(family, &upstream, &type_paths, &operation_paths);
    let glue = quote!(#glue #scoped);
    let mut file: syn::File = syn::parse2(quote! { #tokens #glue })?;
    // Upstream's operationId of each operation we name otherwise.
    let upstream_ids = openapi
        .operations()
        .filter_map(|(_, _, op)| {
            let ours = op.operation_id.as_deref()?.to_snake_case();
            let upstream = op.extensions.get(UPSTREAM_ID)?.as_str()?;
            (upstream.to_snake_case() != ours).then(|| (ours, upstream.to_owned()))
        })
        .collect();
    crate::postprocess::apply(&mut file, &upstream_ids)?;
    let code = prettyplease::unparse(&file);
    // progenitor names both the method and `OperationInfo::operation_id`
    // after the snake case of the operationId. One pass over the code (not
    // one per operation: it runs in every user's build script).
    const MARK: &str = "operation_id: \"";
    let generated: std::collections::HashSet<&str> = code
        .match_indices(MARK)
        .filter_map(|(at, _)| code[at + MARK.len()..].split('"').next())
        .collect();
    for op in openapi.operations() {
        let id = op.2.operation_id.as_deref().unwrap_or_default();
        if !generated.contains(id.to_snake_case().as_str()) {
            return Err(GenerateError::MissingOperation(id.to_owned()));
        }
    }
    let structs: std::collections::BTreeSet<String> = generator
        .get_type_space()
        .iter_types()
        .filter(|t| matches!(t.details(), typify::TypeDetails::Struct(_)))
        .map(|t| t.name())
        .collect();
    let mock = if options.mock {
        Some(crate::mock::generate_mock(&mut generator, &openapi, &structs).map_err(Box::new)?)
    } else {
        None
    };
    Ok(Generated {
        client: code,
        mock,
        structs: structs.into_iter().collect(),
    })
}

/// Scoped handles, as octocrab has them: `client.account(7)` whose methods
/// are every operation with an `{account_id}` in its path, the id already
/// set, and `account.conversation(42)` for those with a `{conversation_id}`
/// too: the Application API's calls without `.account_id(..)` and
/// `.conversation_id(..)` on each. Nothing when no operation has an
/// `{account_id}`.
fn account_scoped(openapi: &openapiv3::OpenAPI) -> proc_macro2::TokenStream {
    use heck::ToUpperCamelCase;
    let methods = |placeholders: &[&str], set: proc_macro2::TokenStream, scope: &str| {
        openapi
            .operations()
            .filter(|(path, _, _)| placeholders.iter().all(|p| path.contains(p)))
            .filter_map(|(path, method, op)| {
                let id = op.operation_id.as_deref()?.to_snake_case();
                let name = quote::format_ident!("{id}");
                let builder = quote::format_ident!("{}", id.to_upper_camel_case());
                let doc = format!(
                    "[`Client::{id}`] {scope}: `{} {path}`.",
                    method.to_uppercase()
                );
                Some(quote! {
                    #[doc = #doc]
                    pub fn #name(&self) -> builder::#builder<'a> {
                        self.client.#name() #set
                    }
                })
            })
            .collect::<Vec<_>>()
    };
    let account = methods(
        &["{account_id}"],
        quote!(.account_id(self.id)),
        "in this account",
    );
    if account.is_empty() {
        return quote!();
    }
    let conversation = methods(
        &["{account_id}", "{conversation_id}"],
        quote!(.account_id(self.account).conversation_id(self.id)),
        "of this conversation",
    );
    let conversations = (!conversation.is_empty()).then(|| {
        quote! {
            impl<'a> AccountHandler<'a> {
                /// The operations of one conversation of this account (by
                /// its `display_id`, as paths and the dashboard number it):
                /// `account.conversation(42).create_message()`.
                pub fn conversation(&self, id: i64) -> ConversationHandler<'a> {
                    ConversationHandler { client: self.client, account: self.id, id }
                }
            }

            /// One conversation, from [`AccountHandler::conversation`]: every
            /// operation with a `{conversation_id}` in its path, without the
            /// account's and the conversation's ids.
            #[derive(Clone, Copy, Debug)]
            pub struct ConversationHandler<'a> {
                client: &'a Client,
                account: i64,
                id: i64,
            }

            impl<'a> ConversationHandler<'a> {
                /// The conversation's `display_id`.
                pub fn id(&self) -> i64 {
                    self.id
                }

                /// The account it is in.
                pub fn account(&self) -> AccountHandler<'a> {
                    AccountHandler { client: self.client, id: self.account }
                }

                #(#conversation)*
            }
        }
    });
    quote! {
        impl Client {
            /// The operations of one account, its id set on each:
            /// `client.account(7).list_conversations()`.
            pub fn account(&self, id: i64) -> AccountHandler<'_> {
                AccountHandler { client: self, id }
            }
        }

        /// One account of the installation, from [`Client::account`]: every
        /// operation with an `{account_id}` in its path, without
        /// `.account_id(..)`.
        #[derive(Clone, Copy, Debug)]
        pub struct AccountHandler<'a> {
            client: &'a Client,
            id: i64,
        }

        impl<'a> AccountHandler<'a> {
            /// The account's id.
            pub fn id(&self) -> i64 {
                self.id
            }

            /// The client it calls through.
            pub fn client(&self) -> &'a Client {
                self.client
            }

            #(#account)*
        }

        #conversations
    }
}

/// The upstream revision a normalized spec names (`info.x-chatwoot-upstream`,
/// written by `cargo xtask codegen`); `unknown` for a spec without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream {
    /// The commit.
    pub revision: String,
    /// Its date, YYYY-MM-DD.
    pub date: String,
}

impl Upstream {
    /// Reads it from a normalized spec.
    pub fn of(spec: &Value) -> Upstream {
        let field = |name: &str| {
            spec.pointer(&format!("/info/x-chatwoot-upstream/{name}"))
                .and_then(Value::as_str)
                .unwrap_or("unknown")
                .to_owned()
        };
        Upstream {
            revision: field("revision"),
            date: field("date"),
        }
    }
}

/// progenitor's settings, the same for the client and its mocks (so both name
/// the generated types alike).
pub(crate) fn settings(options: &GenerateOptions) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        // Builder style: Chatwoot operations take up to a dozen optional
        // parameters, which positional arguments would make unreadable.
        .with_interface(InterfaceStyle::Builder)
        // Merged tags: every operation is a method of the one `Client`, found
        // by its operationId; no per-tag traits to import.
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote!(chatwoot_runtime::ClientContext))
        // Our `ClientHooks` impl (below) runs every request through the runtime.
        .with_hooks(HooksMode::Expected)
        .with_derive("PartialEq");
    if options.schemars {
        settings.with_derive("schemars::JsonSchema");
    }
    settings
}

/// Runs progenitor. It still panics on some inputs (0.15); a panic is turned
/// into an error that names it, never a crashed build without explanation.
pub(crate) fn without_panics<T>(
    run: impl FnOnce() -> Result<T, progenitor::Error>,
) -> Result<T, GenerateError> {
    catch_unwind(AssertUnwindSafe(run))
        .map_err(|panic| {
            GenerateError::ProgenitorPanicked(
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "no message".into()),
            )
        })?
        .map_err(GenerateError::from)
}

/// Hand-written in spirit, generated in fact: the same for every family, so it
/// lives here once rather than in three crates.
fn glue(
    family: Family,
    upstream: &Upstream,
    type_paths: &[proc_macro2::TokenStream],
    operation_paths: &[proc_macro2::TokenStream],
) -> proc_macro2::TokenStream {
    let (revision, date) = (&upstream.revision, &upstream.date);
    let convenience = if family == Family::Client {
        quote! {
            impl Client {
                /// A client for the installation at `base_url`, with default
                /// settings. The Client API takes no token: the inbox and contact
                /// identifiers in each path authenticate.
                pub fn with_base_url(base_url: impl Into<String>) -> Result<Self, chatwoot_runtime::BuildError> {
                    Self::builder(base_url).build()
                }
            }
        }
    } else {
        quote! {
            impl Client {
                /// A client for the installation at `base_url`, with default
                /// settings, sending `token` with every request.
                pub fn with_token(
                    base_url: impl Into<String>,
                    token: impl Into<chatwoot_runtime::ApiToken>,
                ) -> Result<Self, chatwoot_runtime::BuildError> {
                    Self::builder(base_url).token(token).build()
                }
            }
        }
    };
    quote! {
        /// The Chatwoot revision (a commit of github.com/chatwoot/chatwoot)
        /// whose spec this crate was generated from.
        pub const UPSTREAM_REVISION: &str = #revision;
        /// The date of [`UPSTREAM_REVISION`] (YYYY-MM-DD).
        pub const UPSTREAM_DATE: &str = #date;

        #convenience

        /// Calls the macro `$callback!` once, with the path of every type in
        /// [`types`] as its arguments (`$callback!(path::A, path::B, ...)`):
        /// for code that must reach every request and response type, such as
        /// exporting JSON schemas or checking that each decodes.
        #[macro_export]
        macro_rules! for_each_type {
            ($callback:ident) => {
                $callback!(#(#type_paths),*);
            };
        }

        impl ClientHooks<chatwoot_runtime::ClientContext> for Client {
            // A path parameter that URL parsing resolved away (`..`) would
            // send the request to another endpoint: refused before it is.
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                info: &OperationInfo,
            ) -> Result<(), progenitor_client::Error<E>> {
                self.inner
                    .check_path(request.url(), path_template(info.operation_id))
                    .map_err(progenitor_client::Error::InvalidRequest)
            }

            // Not `async fn`: the runtime's future is returned as it is, with
            // no layer around it to copy.
            fn exec(
                &self,
                request: reqwest::Request,
                info: &OperationInfo,
            ) -> impl std::future::Future<Output = reqwest::Result<reqwest::Response>> {
                self.inner
                    .execute(&self.client, request, info.operation_id, path_template(info.operation_id))
            }
        }

        /// The path template of an operation, for traces: the concrete path
        /// holds identifiers, the template does not.
        fn path_template(operation_id: &str) -> &'static str {
            match operation_id {
                #(#operation_paths,)*
                _ => "",
            }
        }

        impl chatwoot_runtime::FamilyClient for Client {
            // The family crate's own description of its API (`crate::API`,
            // hand-written beside this file): the runtime knows no family.
            const API: &'static chatwoot_runtime::Api = &crate::API;

            fn from_parts(
                base_url: &str,
                http: reqwest::Client,
                context: chatwoot_runtime::ClientContext,
            ) -> Self {
                Self::new_with_client(base_url, http, context)
            }
        }

        impl Client {
            /// Starts configuring a client for the Chatwoot installation at
            /// `base_url` (for example `https://app.chatwoot.com`).
            pub fn builder(base_url: impl Into<String>) -> chatwoot_runtime::ClientBuilder<Self> {
                chatwoot_runtime::ClientBuilder::new(base_url)
            }

            /// The context every request of this client runs with.
            pub fn context(&self) -> &chatwoot_runtime::ClientContext {
                &self.inner
            }
        }
    }
}
