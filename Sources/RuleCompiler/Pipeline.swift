// Pipeline.swift - the compiler's stages in order. SKELETON.
public enum Pipeline {}
