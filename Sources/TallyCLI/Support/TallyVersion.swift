/// The version `tally --version` prints: the one place it is defined.
public enum TallyVersion {
    /// The release, as `MAJOR.MINOR.PATCH`.
    public static let text = "0.10.2"
}
