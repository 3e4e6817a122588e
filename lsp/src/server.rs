//! The server: the handshake, then one message at a time: documents
//! opened, changed and closed, and the requests answered from a
//! [`Library`] made for the document asked about.

use crate::library::Library;
use crate::{complete, diagnostics, navigate, symbols, unparsed};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, Request as _,
};
use lsp_types::{
    CompletionOptions, CompletionParams, CompletionResponse, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    DocumentFormattingParams, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams,
    GotoDefinitionResponse, HoverParams, HoverProviderCapability, OneOf, PublishDiagnosticsParams,
    ServerCapabilities, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextEdit, Url,
};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::error::Error;

/// What the server can do: full-text sync, formatting, symbols,
/// definitions, hover and completion.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        definition_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["{".to_string()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// Runs the server on `connection` until the client shuts it down.
pub fn serve(connection: &Connection) -> Result<(), Box<dyn Error + Send + Sync>> {
    connection.initialize(serde_json::to_value(capabilities())?)?;
    let mut server = Server {
        connection,
        open: BTreeMap::new(),
        parsed: BTreeMap::new(),
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let response = server.answer(request);
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(notification) => {
                // A notification has no answer to carry an error: one that
                // cannot be read is reported on stderr (the client's log),
                // and the server goes on.
                let method = notification.method.clone();
                if let Err(error) = server.notice(notification) {
                    eprintln!("rollcall lsp: {method}: {error}");
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// The open documents, by URI.
struct Server<'a> {
    connection: &'a Connection,
    /// Their texts.
    open: BTreeMap<Url, String>,
    /// The last text of each that parsed (the names in scope while the
    /// author is midway through a line).
    parsed: BTreeMap<Url, String>,
}

impl Server<'_> {
    /// Handles a notification: keeps the open documents' texts and
    /// publishes diagnostics for the documents it may have changed.
    fn notice(&mut self, notification: Notification) -> Result<(), Box<dyn Error + Send + Sync>> {
        let changed = match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: DidOpenTextDocumentParams = from_json(notification.params)?;
                let uri = params.text_document.uri;
                self.open.insert(uri.clone(), params.text_document.text);
                uri
            }
            DidChangeTextDocument::METHOD => {
                let params: DidChangeTextDocumentParams = from_json(notification.params)?;
                let uri = params.text_document.uri;
                // Full sync: the last change holds the whole text.
                if let Some(change) = params.content_changes.into_iter().last() {
                    self.open.insert(uri.clone(), change.text);
                }
                uri
            }
            DidSaveTextDocument::METHOD => {
                let params: DidSaveTextDocumentParams = from_json(notification.params)?;
                params.text_document.uri
            }
            DidChangeWatchedFiles::METHOD => {
                // A policy changed on disk: every open document may depend on it.
                let uris: Vec<Url> = self.open.keys().cloned().collect();
                for uri in uris {
                    let library = Library::of(&uri, &self.open[&uri], &self.open);
                    self.publish(uri, diagnostics::diagnostics(&library))?;
                }
                return Ok(());
            }
            DidCloseTextDocument::METHOD => {
                let params: DidCloseTextDocumentParams = from_json(notification.params)?;
                let uri = params.text_document.uri;
                self.open.remove(&uri);
                self.parsed.remove(&uri);
                self.publish(uri.clone(), Vec::new())?;
                uri
            }
            _ => return Ok(()),
        };
        self.publish_around(&changed)
    }

    /// Publishes the diagnostics of every open document in the directory
    /// of `changed` (a change to a parent changes its children's), the
    /// changed one first.
    fn publish_around(&mut self, changed: &Url) -> Result<(), Box<dyn Error + Send + Sync>> {
        let directory = |uri: &Url| {
            uri.to_file_path()
                .ok()
                .and_then(|path| path.parent().map(|p| p.to_path_buf()))
        };
        let here = directory(changed);
        let mut affected: Vec<&Url> = self
            .open
            .keys()
            .filter(|uri| *uri != changed && here.is_some() && directory(uri) == here)
            .collect();
        if self.open.contains_key(changed) {
            affected.insert(0, changed);
        }
        let mut parsed = Vec::new();
        for uri in affected {
            let text = &self.open[uri];
            let library = Library::of(uri, text, &self.open);
            if library.document().ast.is_some() {
                parsed.push((uri.clone(), text.clone()));
            }
            self.publish(uri.clone(), diagnostics::diagnostics(&library))?;
        }
        self.parsed.extend(parsed);
        Ok(())
    }

    /// Sends one document's diagnostics.
    fn publish(
        &self,
        uri: Url,
        diagnostics: Vec<lsp_types::Diagnostic>,
    ) -> Result<(), Box<dyn Error + Send + Sync>> {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, None);
        let notification = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        self.connection
            .sender
            .send(Message::Notification(notification))?;
        Ok(())
    }

    /// Answers a request; a request for a document that is not open, or
    /// with parameters that do not parse, is an error response.
    fn answer(&self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            Formatting::METHOD => self.formatting(request.params),
            DocumentSymbolRequest::METHOD => self.symbols(request.params),
            GotoDefinition::METHOD => self.definition(request.params),
            HoverRequest::METHOD => self.hover(request.params),
            Completion::METHOD => self.completion(request.params),
            method => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("rollcall lsp does not answer {method}"),
                )
            }
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
        }
    }

    /// The library of an open document.
    fn library(&self, uri: &Url) -> Result<Library, String> {
        let text = self
            .open
            .get(uri)
            .ok_or_else(|| format!("{uri} is not open"))?;
        Ok(Library::of(uri, text, &self.open))
    }

    /// While a library's document does not parse, the library of its last
    /// text that did (if any).
    fn last_parsed(&self, library: &Library) -> Option<Library> {
        let document = library.document();
        if document.ast.is_some() {
            return None;
        }
        let text = self.parsed.get(&document.uri)?;
        Some(Library::of(&document.uri, text, &self.open))
    }

    /// The library of the document at a position, and the position's offset.
    fn at(&self, position: &TextDocumentPositionParams) -> Result<(Library, usize), String> {
        let library = self.library(&position.text_document.uri)?;
        let document = library.document();
        let offset = document.lines.offset(&document.text, position.position);
        Ok((library, offset))
    }

    /// `textDocument/formatting`: the whole document replaced by its
    /// canonical layout; no edit when it is already in it or does not parse.
    fn formatting(&self, params: serde_json::Value) -> Result<serde_json::Value, String> {
        let params: DocumentFormattingParams = from_json(params)?;
        let text = self
            .open
            .get(&params.text_document.uri)
            .ok_or_else(|| format!("{} is not open", params.text_document.uri))?;
        let edits: Vec<TextEdit> = match rollcall_grammar::format(text) {
            Ok(formatted) if formatted != *text => {
                let lines = crate::position::LineIndex::new(text);
                vec![TextEdit::new(lines.whole(text), formatted)]
            }
            _ => Vec::new(),
        };
        to_json(edits)
    }

    /// `textDocument/documentSymbol`.
    fn symbols(&self, params: serde_json::Value) -> Result<serde_json::Value, String> {
        let params: DocumentSymbolParams = from_json(params)?;
        let library = self.library(&params.text_document.uri)?;
        let symbols = symbols::document_symbols(library.document());
        to_json(symbols.map(DocumentSymbolResponse::Nested))
    }

    /// `textDocument/definition`.
    fn definition(&self, params: serde_json::Value) -> Result<serde_json::Value, String> {
        let params: GotoDefinitionParams = from_json(params)?;
        let (library, offset) = self.at(&params.text_document_position_params)?;
        let location = match self.last_parsed(&library) {
            Some(parsed) => unparsed::definition(&library, &parsed, offset),
            None => navigate::definition(&library, offset),
        };
        to_json(location.map(GotoDefinitionResponse::Scalar))
    }

    /// `textDocument/hover`.
    fn hover(&self, params: serde_json::Value) -> Result<serde_json::Value, String> {
        let params: HoverParams = from_json(params)?;
        let (library, offset) = self.at(&params.text_document_position_params)?;
        let hover = match self.last_parsed(&library) {
            Some(parsed) => unparsed::hover(&library, &parsed, offset),
            None => navigate::hover(&library, offset),
        };
        to_json(hover)
    }

    /// `textDocument/completion`.
    fn completion(&self, params: serde_json::Value) -> Result<serde_json::Value, String> {
        let params: CompletionParams = from_json(params)?;
        let position = &params.text_document_position;
        let library = self.library(&position.text_document.uri)?;
        let parsed = self.last_parsed(&library);
        let scope = parsed.as_ref().unwrap_or(&library);
        let items = complete::completions(&library, scope, position.position);
        to_json(CompletionResponse::Array(items))
    }
}

/// Parameters from JSON, or why not.
fn from_json<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|error| format!("invalid parameters: {error}"))
}

/// A result as JSON.
fn to_json<T: serde::Serialize>(value: T) -> Result<serde_json::Value, String> {
    serde_json::to_value(value).map_err(|error| error.to_string())
}
