//! Sends one article to an eventx server (127.0.0.1:50051, or the address given as the first
//! argument) and prints who did what to whom, when and where, one line per event.

use eventx_client::v1::Article;
use eventx_client::{Client, render};

#[tokio::main]
async fn main() -> Result<(), eventx_client::Error> {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:50051".to_string());
    let client = Client::connect(address).await?;
    let text = "VIENNA, June 14 (Harbour Wire) -- Austria expelled two Russian diplomats on Thursday, the \
                foreign ministry said. Police in Graz arrested 20 climate activists on Wednesday after they \
                blocked a motorway. Rebels killed five Congolese soldiers in an attack near Goma on Tuesday.";
    let article = Article {
        id: "harbour-1".into(),
        text: text.into(),
        publication_date: "2024-06-14".into(),
        ..Default::default()
    };
    for event in client.extract(article).await?.events {
        let (who, whom) = (render::actor(event.source.as_ref()), render::actor(event.target.as_ref()));
        let when = event.date.as_ref().map_or("-", |d| d.date.as_str());
        println!(
            "{who} | {} | {whom} | {when} | {}",
            render::what(&event),
            render::place(event.location.as_ref())
        );
    }
    Ok(())
}
