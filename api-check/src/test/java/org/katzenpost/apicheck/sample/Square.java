package org.katzenpost.apicheck.sample;

/** Sample API for ApiDumpTest. @param side the side */
public record Square(double side) implements Shape {
    @Override
    public double area() {
        return side * side;
    }
}
