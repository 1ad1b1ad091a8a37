// The documented example user of Create User Account (newest documentation), shared by the examples and the tests.
import type { SchemaCreateUserRequest } from "p100-partner-sdk";

/** The documented example request of createUser, with the externalUserId and email you choose. */
export function exampleUser(
  externalUserId = "f47ac10b-58cc-4372-a567-0e02b2c3d479",
  email = "jan.kowalski@example.pl",
): SchemaCreateUserRequest {
  return {
    externalUserId,
    email,
    phone: "48601234567",
    firstName: "Jan",
    lastName: "Kowalski",
    street: "ul. Marszałkowska",
    number: "123/5",
    city: "Warszawa",
    postCode: "00-001",
    country: "PL",
    citizenship: "PL",
    nationality: "PL",
    birthCountry: "PL",
    birthDate: "1990-05-15",
    hasAcceptedP100Tc: true,
  };
}
