/// The names of optional protocol features, as listed in `Capabilities.features` (Protocol.md §9).
public enum ProtocolFeature {
    /// Range-based set reconciliation: `RECONCILE`, `RECONCILE_REPLY`, `RECONCILE_NEED` (Protocol.md §11.4).
    /// A client sends them only when `WELCOME` lists this feature; a server refuses them otherwise.
    public static let reconcile = "reconcile"
}
