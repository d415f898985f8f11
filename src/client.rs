//! The only module that talks HTTP. Every call returns a typed [`ClientError`], never `None`, so
//! a page can tell "you are offline" from "no such code" from "the server broke".

use std::fmt;

use gloo_net::http::{Request, Response};
use linli_api::{
    ApiError, Ballot, Ballots, Communities, Component, Dashboard, LoginRequest, Meta, Services,
    SessionInfo, paths,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// The request never got an answer: offline, DNS, connection reset.
    Network(String),
    /// The server answered with an error; `code` is the API's machine-readable code.
    Api {
        status: u16,
        code: String,
        message: String,
    },
    /// The answer was not the document we expected.
    Decode(String),
}

impl ClientError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ClientError::Api { status: 404, .. })
    }

    pub fn api_code(&self) -> Option<&str> {
        match self {
            ClientError::Api { code, .. } => Some(code),
            _ => None,
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Network(detail) => write!(f, "network error: {detail}"),
            ClientError::Api {
                status, message, ..
            } => write!(f, "{status}: {message}"),
            ClientError::Decode(detail) => write!(f, "unexpected answer: {detail}"),
        }
    }
}

impl std::error::Error for ClientError {}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|e| ClientError::Decode(e.to_string()));
    }
    let status = response.status();
    // A static host answers a missing document with its own HTML page, not our JSON error.
    let error = response.json::<ApiError>().await.unwrap_or(ApiError {
        code: if status == 404 {
            "not_found"
        } else {
            "http_error"
        }
        .to_owned(),
        message: response.status_text(),
    });
    Err(ClientError::Api {
        status,
        code: error.code,
        message: error.message,
    })
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ClientError> {
    let response = Request::get(path)
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    read(response).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ClientError> {
    let response = Request::post(path)
        .json(body)
        .map_err(|e| ClientError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    read(response).await
}

pub async fn meta() -> Result<Meta, ClientError> {
    get(paths::META).await
}

pub async fn communities() -> Result<Communities, ClientError> {
    get(paths::COMMUNITIES).await
}

pub async fn component(code: &str) -> Result<Component, ClientError> {
    get(&paths::component(code)).await
}

pub async fn ballots() -> Result<Ballots, ClientError> {
    get(paths::BALLOTS).await
}

pub async fn ballot(id: &str) -> Result<Ballot, ClientError> {
    get(&paths::ballot(id)).await
}

pub async fn services(community: &str) -> Result<Services, ClientError> {
    get(&paths::services(community)).await
}

pub async fn session() -> Result<SessionInfo, ClientError> {
    get(paths::SESSION).await
}

pub async fn login(request: &LoginRequest) -> Result<SessionInfo, ClientError> {
    post(paths::LOGIN, request).await
}

pub async fn logout() -> Result<(), ClientError> {
    let response = Request::post(paths::LOGOUT)
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    if response.ok() {
        Ok(())
    } else {
        read::<()>(response).await
    }
}

pub async fn dashboard() -> Result<Dashboard, ClientError> {
    get(paths::DASHBOARD).await
}
