import DataGenerator

/// The generator's plain-word uses of skill names ("go the extra mile"), by skill name.
enum DataGeneratorPlainUses {
    static var all: [String: [String]] { Taxonomy.builtIn.ambiguousPlainUses }
}
