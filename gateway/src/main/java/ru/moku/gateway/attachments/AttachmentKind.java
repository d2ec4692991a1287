package ru.moku.gateway.attachments;

/** How an attachment reached us (stored in {@code attachment.kind}). */
public enum AttachmentKind {
    /** An MTOM part named by {@code xop:Include} in {@code AttachmentContent/Content}. */
    MTOM,
    /** Base64 text inside {@code AttachmentContent/Content}. */
    INLINE,
    /** A file on SMEV's file storage ({@code RefAttachmentHeader} + {@code FSAttachment}), fetched later. */
    FS
}
