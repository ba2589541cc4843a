package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tensor: construction, indexing, copies, equality and the messages of every error. */
class TensorTest {
  private static void assertMessageContains(IllegalArgumentException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks " + part);
    }
  }

  @Test
  void zeros_shape_allZerosWithThatShape() {
    Tensor t = Tensor.zeros(2, 3);
    assertArrayEquals(new int[] {2, 3}, t.shape());
    assertEquals(2, t.rank());
    assertEquals(6, t.size());
    assertArrayEquals(new float[6], t.data());
  }

  @Test
  void zeros_noDimensions_scalarWithOneElement() {
    Tensor t = Tensor.zeros();
    assertEquals(0, t.rank());
    assertEquals(1, t.size());
  }

  @Test
  void zeros_zeroDimension_emptyTensor() {
    Tensor t = Tensor.zeros(0, 5);
    assertEquals(0, t.size());
    assertEquals(0, t.rows());
    assertEquals(0, t.cols());
  }

  @Test
  void zeros_negativeDimension_throwsNamingShape() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, -1));
    assertMessageContains(e, "[2, -1]", "negative");
  }

  @Test
  void zeros_overflowingShape_throwsNamingShape() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1 << 16, 1 << 16));
    assertMessageContains(e, "[65536, 65536]", "more elements");
  }

  @Test
  void zeros_nullShape_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros((int[]) null));
    assertMessageContains(e, "shape is null");
  }

  @Test
  void of_matchingLength_wrapsWithoutCopy() {
    float[] data = {1, 2, 3, 4, 5, 6};
    Tensor t = Tensor.of(data, 3, 2);
    assertSame(data, t.data());
    data[5] = 9;
    assertEquals(9f, t.get(2, 1));
  }

  @Test
  void of_wrongLength_throwsNamingShapeAndLength() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
    assertMessageContains(e, "[2, 3]", "6 elements", "data has 5");
  }

  @Test
  void of_nullData_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(null, 1));
    assertMessageContains(e, "data is null");
  }

  @Test
  void ofRows_rows_copiedRowMajor() {
    float[] row0 = {1, 2};
    Tensor t = Tensor.ofRows(row0, new float[] {3, 4});
    assertArrayEquals(new int[] {2, 2}, t.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4}, t.data());
    row0[0] = 7;
    assertEquals(1f, t.get(0, 0));
  }

  @Test
  void ofRows_raggedRows_throwsNamingRow() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.ofRows(new float[] {1, 2}, new float[] {3}));
    assertMessageContains(e, "row 1 has 1", "row 0 has 2");
  }

  @Test
  void ofRows_noRows_throws() {
    assertThrows(IllegalArgumentException.class, Tensor::ofRows);
  }

  @Test
  void shape_returnedArrayModified_tensorUnchanged() {
    Tensor t = Tensor.zeros(2, 3);
    int[] s = t.shape();
    s[0] = 99;
    assertArrayEquals(new int[] {2, 3}, t.shape());
  }

  @Test
  void dim_validAndInvalidAxes_extentOrError() {
    Tensor t = Tensor.zeros(2, 3, 4);
    assertEquals(4, t.dim(2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.dim(3));
    assertMessageContains(e, "axis 3", "[2, 3, 4]");
    assertThrows(IllegalArgumentException.class, () -> t.dim(-1));
  }

  @Test
  void rowsAndCols_rank1And3_treatedAsMatrix() {
    Tensor v = Tensor.zeros(5);
    assertEquals(1, v.rows());
    assertEquals(5, v.cols());
    Tensor t = Tensor.zeros(2, 3, 4);
    assertEquals(2, t.rows());
    assertEquals(12, t.cols());
  }

  @Test
  void rows_scalar_throws() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros().rows());
    assertMessageContains(e, "scalar");
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros().cols());
  }

  @Test
  void getAndSet_rank3Index_rowMajorOffset() {
    Tensor t = Tensor.zeros(2, 3, 4);
    t.set(5f, 1, 2, 3);
    assertEquals(5f, t.get(1, 2, 3));
    assertEquals(5f, t.data()[(1 * 3 + 2) * 4 + 3]);
  }

  @Test
  void get_outOfBounds_throwsNamingIndexShapeAndAxis() {
    Tensor t = Tensor.zeros(2, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.get(1, 3));
    assertMessageContains(e, "[1, 3]", "[2, 3]", "axis 1");
    assertThrows(IllegalArgumentException.class, () -> t.get(-1, 0));
  }

  @Test
  void set_wrongRank_throwsNamingComponents() {
    Tensor t = Tensor.zeros(2, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.set(1f, 1));
    assertMessageContains(e, "[1]", "1 components", "[2, 3]", "needs 2");
  }

  @Test
  void get_nullIndex_throws() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).get((int[]) null));
  }

  @Test
  void copy_modified_originalUnchanged() {
    Tensor t = Tensor.ofRows(new float[] {1, 2});
    Tensor c = t.copy();
    assertNotSame(t.data(), c.data());
    assertEquals(t, c);
    c.set(5f, 0, 0);
    assertEquals(1f, t.get(0, 0));
  }

  @Test
  void copyFrom_sameShape_copiesElements() {
    Tensor t = Tensor.zeros(2);
    t.copyFrom(Tensor.of(new float[] {3, 4}, 2));
    assertArrayEquals(new float[] {3, 4}, t.data());
  }

  @Test
  void copyFrom_differentShape_throwsNamingShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.zeros(2).copyFrom(Tensor.zeros(3)));
    assertMessageContains(e, "[3]", "[2]");
  }

  @Test
  void sameShape_equalAndDifferentShapes() {
    assertTrue(Tensor.zeros(2, 3).sameShape(Tensor.zeros(2, 3)));
    assertFalse(Tensor.zeros(2, 3).sameShape(Tensor.zeros(3, 2)));
    assertFalse(Tensor.zeros(6).sameShape(Tensor.zeros(2, 3)));
  }

  @Test
  void equals_sameShapeAndContents_equalWithSameHash() {
    Tensor a = Tensor.of(new float[] {1, Float.NaN}, 2);
    Tensor b = Tensor.of(new float[] {1, Float.NaN}, 2);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(a, a);
  }

  @Test
  void equals_differentShapeOrContents_notEqual() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    assertNotEquals(a, Tensor.of(new float[] {1, 2, 3, 4}, 4));
    assertNotEquals(a, Tensor.of(new float[] {1, 2, 3, 5}, 2, 2));
    assertNotEquals(Tensor.of(new float[] {0f}, 1), Tensor.of(new float[] {-0f}, 1));
    assertNotEquals(a, "not a tensor");
    assertNotEquals(a, null);
  }

  @Test
  void toString_largeTensor_shapeAndFirstElements() {
    Tensor t = Tensor.zeros(3, 4);
    t.set(1.5f, 0, 1);
    String s = t.toString();
    assertTrue(s.startsWith("Tensor[3, 4] [0.0, 1.5,"), s);
    assertTrue(s.contains("(4 more)"), s);
    assertEquals("Tensor[2] [1.0, 2.0]", Tensor.of(new float[] {1, 2}, 2).toString());
  }
}
