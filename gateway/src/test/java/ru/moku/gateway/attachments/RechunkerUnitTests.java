package ru.moku.gateway.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RechunkerUnitTests {

    @Test
    void piecesOfAnySizeBecomeChunksOfTheSizeWithTheRestLast() {
        PostgresAttachmentStore.Rechunker rechunker = new PostgresAttachmentStore.Rechunker(4);
        List<byte[]> chunks = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte next = 0;
        for (int size : new int[] {1, 3, 0, 9, 2}) {
            byte[] piece = new byte[size];
            for (int i = 0; i < size; i++) {
                piece[i] = next++;
            }
            expected.writeBytes(piece);
            chunks.addAll(rechunker.add(piece));
        }
        chunks.add(rechunker.rest());

        assertThat(chunks).extracting(chunk -> chunk.length).containsExactly(4, 4, 4, 3);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        chunks.forEach(joined::writeBytes);
        assertThat(joined.toByteArray()).isEqualTo(expected.toByteArray());
    }
}
