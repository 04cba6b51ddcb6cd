/// What `wikisite --version` prints.
enum WikiSiteVersion {
    static let string = "0.4.0"
}
