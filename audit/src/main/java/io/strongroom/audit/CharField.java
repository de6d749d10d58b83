package io.strongroom.audit;

import java.util.Arrays;

/** A reusable, growable character buffer: a JSON string value without a String per entry. */
final class CharField implements CharSequence {
  private char[] chars = new char[80];
  private int length;

  void set(char[] src, int offset, int len) {
    if (len > chars.length) {
      chars = Arrays.copyOf(chars, Math.max(len, 2 * chars.length));
    }
    System.arraycopy(src, offset, chars, 0, len);
    length = len;
  }

  /** The backing array: valid in {@code [0, length())}, until the next {@link #set}. */
  char[] array() {
    return chars;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    return chars[index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new String(chars, start, end - start);
  }

  @Override
  public String toString() {
    return new String(chars, 0, length);
  }
}
